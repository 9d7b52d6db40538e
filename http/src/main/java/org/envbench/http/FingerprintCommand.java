package org.envbench.http;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** TODO: the fingerprint subcommand is not implemented yet. */
@Command(name = "fingerprint", mixinStandardHelpOptions = true, description = "TODO: fingerprint is not implemented yet.")
public final class FingerprintCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("envbench: fingerprint is not implemented yet");
        return 1;
    }
}
