package org.envbench.http;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** TODO: the compare subcommand is not implemented yet. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "TODO: compare is not implemented yet.")
public final class CompareCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("envbench: compare is not implemented yet");
        return 1;
    }
}
