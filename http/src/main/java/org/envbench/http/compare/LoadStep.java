package org.envbench.http.compare;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** The load run of {@code compare}: drives one server for a while and returns its latency.csv row. */
public interface LoadStep extends AutoCloseable {

    /**
     * One load run.
     *
     * @param request what to drive, how, and on which CPUs the load generator may run (null: anywhere)
     */
    LatencyRow run(Request request) throws IOException, InterruptedException;

    /** Stops a load run in progress; safe from a shutdown hook. */
    @Override
    void close();

    /**
     * @param mode        {@code closed} (uses connections) or {@code open} (uses ratePerSecond)
     * @param loadCpuset  CPUs for the load generator, or null when it may share the server's
     */
    record Request(String env, URI baseUri, String kernel, long size, String mode, double ratePerSecond,
                   int connections, Duration duration, Duration warmup, String loadCpuset) {
    }
}
