package org.envbench.http.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.envbench.core.Scratch;

/**
 * What a server is started with: where it listens, how many kernel runs it takes at once, and the kernels it offers.
 *
 * @param host              the address to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port              the port to bind, 0 for a free one
 * @param envLabel          the role of this server in a comparison ({@code bare}, {@code container}, {@code vm})
 * @param maxConcurrentRuns kernel runs that may execute at once; one more is answered 503 at once
 * @param token             when not null, requests other than /health and /metrics need it as a bearer token
 * @param grace             how long a stop waits for requests in flight
 * @param accessLog         whether to write one JSON line per request to stdout
 * @param kernels           the catalog offered at /kernels and /run
 * @param maxRunTime        the deadline of one /run: work estimated not to fit is refused, a run that cannot end in
 *                          time is stopped between iterations
 * @param scratchFolder     where kernels that need files make a folder of their own for one run
 */
public record ServeConfig(String host, int port, String envLabel, int maxConcurrentRuns, String token,
                          Duration grace, boolean accessLog, List<Kernel> kernels, Duration maxRunTime,
                          Path scratchFolder) {

    /** Most kernel iterations one {@code /run} may ask for; compare stretches runs only up to this. */
    public static final int MAX_RUN_ITERATIONS = 1000;
    /** Long enough for compare's longest runs under emulation, short enough that no request holds a slot for hours. */
    public static final Duration DEFAULT_MAX_RUN_TIME = Duration.ofSeconds(60);

    public ServeConfig {
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("maxConcurrentRuns must be at least 1, got " + maxConcurrentRuns);
        }
        if (token != null && token.isEmpty()) {
            token = null;
        }
        kernels = List.copyOf(kernels);
        if (maxRunTime.isNegative() || maxRunTime.isZero()) {
            throw new IllegalArgumentException("maxRunTime must be more than 0, got " + maxRunTime);
        }
    }

    /** 127.0.0.1 on a free port with the whole catalog, one run slot per CPU, no token, no access log. */
    public static ServeConfig local() {
        return new ServeConfig("127.0.0.1", 0, "bare", Runtime.getRuntime().availableProcessors(), null,
                Duration.ofSeconds(30), false, Kernels.all(), DEFAULT_MAX_RUN_TIME, Scratch.defaultFolder());
    }

    public ServeConfig withKernels(List<Kernel> newKernels) {
        return new ServeConfig(host, port, envLabel, maxConcurrentRuns, token, grace, accessLog, newKernels, maxRunTime,
                scratchFolder);
    }

    public ServeConfig withMaxConcurrentRuns(int runs) {
        return new ServeConfig(host, port, envLabel, runs, token, grace, accessLog, kernels, maxRunTime,
                scratchFolder);
    }

    public ServeConfig withToken(String newToken) {
        return new ServeConfig(host, port, envLabel, maxConcurrentRuns, newToken, grace, accessLog, kernels, maxRunTime,
                scratchFolder);
    }

    public ServeConfig withScratchFolder(Path folder) {
        return new ServeConfig(host, port, envLabel, maxConcurrentRuns, token, grace, accessLog, kernels, maxRunTime,
                folder);
    }

    public ServeConfig withMaxRunTime(Duration newMaxRunTime) {
        return new ServeConfig(host, port, envLabel, maxConcurrentRuns, token, grace, accessLog, kernels, newMaxRunTime,
                scratchFolder);
    }
}
