package org.envbench.http.compare;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import org.envbench.http.load.LoadMode;
import org.envbench.http.results.LatencyRow;

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
     * @param mode        closed loop (uses connections) or open loop (uses ratePerSecond)
     * @param loadCpuset  CPUs for the load generator, or null when it may share the server's
     */
    record Request(String env, URI baseUri, String kernel, long size, LoadMode mode, double ratePerSecond,
                   int connections, Duration duration, Duration warmup, String loadCpuset) {
    }
}
