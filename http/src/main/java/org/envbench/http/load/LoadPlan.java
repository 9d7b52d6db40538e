package org.envbench.http.load;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything that defines one load run. Use {@link #openLoop} or {@link #closedLoop}; both check their arguments.
 *
 * <pre>{@code
 * LoadPlan plan = LoadPlan.openLoop(LoadTarget.path(URI.create("http://127.0.0.1:8080/"), "/health"), "bare",
 *         500, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10));
 * LoadResult result = new LoadGenerator(plan).run();
 * }</pre>
 *
 * @param target        what is requested
 * @param env           latency.csv's {@code env} column (bare, container, vm, or a name of the user's)
 * @param mode          open or closed loop
 * @param ratePerSecond open loop: requests started per second; closed loop: 0
 * @param connections   closed loop: requests always outstanding; open loop: the most connections the client may
 *                      open, or 0 to size that from rate and timeout (see {@link #connectionLimit()})
 * @param duration      the measured part of the run
 * @param warmup        run before the measured part, the same way, and left out of every result
 * @param timeout       how long one request may take before it counts as a timeout; also the connect timeout
 */
public record LoadPlan(LoadTarget target, String env, LoadMode mode, double ratePerSecond, int connections,
                       Duration duration, Duration warmup, Duration timeout) {

    /**
     * Default open-loop connection limit: enough for rate x timeout requests outstanding, at most this many sockets.
     * Jetty's connection pool looks for an idle connection by scanning the busy ones, so hundreds of connections make
     * every request expensive once the client is behind: at 2500 requests/s on one CPU, a limit of 512 left the
     * client seconds behind where 32 kept up. Beyond the limit requests wait in the client, and that wait counts in
     * their latency (it runs from the due time). {@link #withMaxConnections} sets another limit.
     */
    public static final int MAX_OPEN_LOOP_CONNECTIONS = 128;

    public LoadPlan {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        env = env == null ? "" : env;
        if (mode == LoadMode.OPEN && !(ratePerSecond > 0 && Double.isFinite(ratePerSecond))) {
            throw new IllegalArgumentException("rate " + ratePerSecond + " is not valid: expected requests per second > 0");
        }
        if (connections < 0 || mode == LoadMode.CLOSED && connections == 0) {
            throw new IllegalArgumentException("connections " + connections + " is not valid: expected a number > 0");
        }
        positive("duration", duration);
        positive("timeout", timeout);
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("warmup " + (warmup == null ? "missing" : DurationConverter.format(warmup)) + " is not valid: expected 0s or more");
        }
    }

    public static LoadPlan openLoop(LoadTarget target, String env, double ratePerSecond, Duration duration,
                                    Duration warmup, Duration timeout) {
        return new LoadPlan(target, env, LoadMode.OPEN, ratePerSecond, 0, duration, warmup, timeout);
    }

    public static LoadPlan closedLoop(LoadTarget target, String env, int connections, Duration duration,
                                      Duration warmup, Duration timeout) {
        return new LoadPlan(target, env, LoadMode.CLOSED, 0, connections, duration, warmup, timeout);
    }

    /** This open-loop plan with at most {@code maxConnections} connections instead of the default limit. */
    public LoadPlan withMaxConnections(int maxConnections) {
        if (mode != LoadMode.OPEN) {
            throw new IllegalArgumentException("a connection limit goes with an open loop (--rate); a closed loop uses "
                    + "exactly its --connections");
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("max connections " + maxConnections + " is not valid: expected a number > 0");
        }
        return new LoadPlan(target, env, mode, ratePerSecond, maxConnections, duration, warmup, timeout);
    }

    /**
     * The most connections the client may open: exactly {@link #connections} in closed loop, and in open loop
     * {@link #connections} if set, else enough
     * that rate x timeout requests can be outstanding at once, so that a slow response never holds back the next
     * due request, bounded by {@link #MAX_OPEN_LOOP_CONNECTIONS}.
     */
    public int connectionLimit() {
        if (mode == LoadMode.CLOSED || connections > 0) {
            return connections;
        }
        double needed = Math.ceil(ratePerSecond * timeout.toNanos() / 1e9) + 1;
        return (int) Math.max(16, Math.min(MAX_OPEN_LOOP_CONNECTIONS, needed));
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " " + (value == null ? "missing" : DurationConverter.format(value)) + " is not valid: expected more than 0, for example 30s");
        }
    }
}
