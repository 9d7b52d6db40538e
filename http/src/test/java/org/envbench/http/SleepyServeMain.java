package org.envbench.http;

import java.util.List;

import org.envbench.http.serve.FakeKernel;

import picocli.CommandLine;

/** {@code serve} exactly as Main runs it, but with a kernel that sleeps {@code size} ms: a long run for stop tests. */
public final class SleepyServeMain {

    private SleepyServeMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand(List.of(FakeKernel.sleep()))).execute(args));
    }
}
