package org.envbench.http;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** TODO: the load subcommand is not implemented yet. */
@Command(name = "load", mixinStandardHelpOptions = true, description = "TODO: load is not implemented yet.")
public final class LoadCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("envbench: load is not implemented yet");
        return 1;
    }
}
