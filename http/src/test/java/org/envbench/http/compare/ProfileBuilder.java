package org.envbench.http.compare;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link Profile} for tests, every field named, small and fast by default. */
final class ProfileBuilder {

    private final Map<String, List<Long>> sizes = new LinkedHashMap<>();
    private int forks = 1;
    private int rounds = 2;
    private int runsPerTurn = 1;
    private int iterations = 1;
    private int warmupRuns = 1;
    private String loadKernel = "sha256";
    private long loadSize = 1024;
    private Duration loadDuration = Duration.ofSeconds(1);
    private Duration loadWarmup = Duration.ZERO;
    private int loadConnections = 2;
    private double openLoopShare = 0.5;

    ProfileBuilder kernel(String name, Long... kernelSizes) {
        sizes.put(name, List.of(kernelSizes));
        return this;
    }

    ProfileBuilder rounds(int rounds, int runsPerTurn) {
        this.rounds = rounds;
        this.runsPerTurn = runsPerTurn;
        return this;
    }

    ProfileBuilder forks(int forks) {
        this.forks = forks;
        return this;
    }

    ProfileBuilder iterations(int iterations) {
        this.iterations = iterations;
        return this;
    }

    ProfileBuilder warmupRuns(int warmupRuns) {
        this.warmupRuns = warmupRuns;
        return this;
    }

    ProfileBuilder openLoopShare(double share) {
        this.openLoopShare = share;
        return this;
    }

    Profile build() {
        return new Profile("test", sizes, forks, rounds, runsPerTurn, iterations, warmupRuns, loadKernel, loadSize,
                loadDuration, loadWarmup, loadConnections, openLoopShare, List.of(), 0);
    }
}
