package org.envbench.http;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** TODO: the serve subcommand is not implemented yet. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "TODO: serve is not implemented yet.")
public final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("envbench: serve is not implemented yet");
        return 1;
    }
}
