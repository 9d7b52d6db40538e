package org.envbench.http.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.envbench.core.Kernel;
import org.envbench.core.Kernels;

/**
 * How much {@code compare} measures: which kernels at which sizes, how many forks (launches of each environment's
 * server), how many A-B-B-A rounds per fork with how many {@code /run} repetitions per turn, how many iterations one
 * {@code /run} does, and how long each load run lasts. Each round gives every environment two turns per kernel size,
 * so an environment gets {@code forks * rounds * 2 * runsPerTurn} runs of each kernel size; the forks are the
 * independent units of the interval, the rounds the pairs within a fork.
 *
 * @param name          {@code smoke}, {@code quick} or {@code full}
 * @param sizes         kernel name to the sizes measured, in catalog order
 * @param forks         launches of every environment's server, one after the other, all environments each time
 * @param rounds        A-B-B-A rounds per fork: bare, container, vm, vm, container, bare for each kernel size
 * @param runsPerTurn   {@code /run} repetitions in one turn of one environment
 * @param iterations    kernel iterations inside one {@code /run}
 * @param warmupRuns    untimed {@code /run} calls per environment, kernel and size before the first round
 * @param loadKernel    kernel the load runs call, at {@code loadSize}
 * @param loadDuration  measured part of each load run
 * @param loadWarmup    excluded start of each load run
 * @param loadConnections connections of the closed-loop run
 * @param openLoopShare the open-loop rate as a share of what bare achieved in its closed-loop run
 * @param jmhArgs       JMH options for {@code --jmh}
 * @param minRunSeconds when positive, each kernel's iterations are raised (from bare's warm-up) until one
 *                      {@code /run} lasts this long on bare, the same count in every environment; calibration
 *                      needs runs of many CFS periods (100 ms) for a CPU quota to show as its average
 */
public record Profile(String name, Map<String, List<Long>> sizes, int forks, int rounds, int runsPerTurn, int iterations,
                      int warmupRuns, String loadKernel, long loadSize, Duration loadDuration, Duration loadWarmup,
                      int loadConnections, double openLoopShare, List<String> jmhArgs, double minRunSeconds) {

    public static final List<String> NAMES = List.of("smoke", "quick", "full");

    public Profile {
        if (forks < 1 || rounds < 1 || runsPerTurn < 1) {
            throw new IllegalArgumentException("forks, rounds and runs per turn must be at least 1, got " + forks
                    + ", " + rounds + ", " + runsPerTurn);
        }
        sizes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        jmhArgs = List.copyOf(jmhArgs);
    }

    /** The profile called {@code name}; throws IllegalArgumentException naming the known ones otherwise. */
    public static Profile named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "smoke" -> smoke();
            case "quick" -> quick();
            case "full" -> full();
            default -> throw new IllegalArgumentException("unknown profile '" + name + "'; expected one of " + NAMES);
        };
    }

    /**
     * Each kernel's one size in smoke and in quick, in catalog order: smoke's small enough that every kernel runs
     * once in seconds, quick's moderate.
     */
    private static final List<SmallSizes> SMALL_SIZES = List.of(
            new SmallSizes("sha256", 1L << 20, 4L << 20),
            new SmallSizes("primes", 1_000_000L, 4_000_000L),
            new SmallSizes("matmul", 64L, 128L),
            new SmallSizes("deflate", 256L * 1024, 1L << 20),
            new SmallSizes("sort", 100_000L, 400_000L),
            new SmallSizes("stream-copy", 200_000L, 1_000_000L),
            new SmallSizes("stream-scale", 200_000L, 1_000_000L),
            new SmallSizes("stream-add", 200_000L, 1_000_000L),
            new SmallSizes("stream-triad", 200_000L, 1_000_000L),
            new SmallSizes("latency", 1L << 20, 8L << 20),
            new SmallSizes("alloc", 16L << 20, 64L << 20),
            new SmallSizes("syscall", 2000L, 5000L),
            new SmallSizes("clock", 100_000L, 200_000L),
            new SmallSizes("page-fault", 256L, 1024L),
            new SmallSizes("thread-wakeup", 500L, 1000L),
            new SmallSizes("process-start", 2L, 2L),
            new SmallSizes("file-write-sync", 8L, 16L),
            new SmallSizes("file-read", 256L, 1024L),
            new SmallSizes("tcp-round-trip", 500L, 1000L));

    private record SmallSizes(String kernel, long smoke, long quick) {
    }

    /** Under 2 minutes for bare and container on 2 cores: every kernel once at a small size, 1 fork, 4 samples each. */
    static Profile smoke() {
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        SMALL_SIZES.forEach(kernel -> sizes.put(kernel.kernel(), List.of(kernel.smoke())));
        return new Profile("smoke", sizes, 1, 2, 1, 3, 2, "sha256", 4096, Duration.ofSeconds(3),
                Duration.ofSeconds(1), 2, 0.3,
                List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "2", "-r", "1s", "Sha256Bench"), 0);
    }

    /**
     * About 20 minutes for every environment a 2-CPU machine runs, a TCG VM among them: the catalog at moderate sizes,
     * 2 forks of 3 rounds, 12 samples each, every {@code /run} stretched to at least 50 ms on bare (a run of a few
     * milliseconds is at the mercy of one timer interrupt or one collection).
     */
    static Profile quick() {
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        SMALL_SIZES.forEach(kernel -> sizes.put(kernel.kernel(), List.of(kernel.quick())));
        return new Profile("quick", sizes, 2, 3, 1, 3, 1, "sha256", 4096, Duration.ofSeconds(10),
                Duration.ofSeconds(2), 4, 0.3,
                List.of("-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "1s"), 0.05);
    }

    /**
     * For studies: every kernel at its default size, and the memory kernels also at a cache-sized and a
     * DRAM-sized working set; 3 forks of 4 rounds, 24 samples each, every {@code /run} at least 250 ms on bare.
     */
    static Profile full() {
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        for (Kernel kernel : Kernels.all()) {
            List<Long> kernelSizes = new ArrayList<>();
            switch (kernel.name()) {
                case "stream-copy", "stream-scale", "stream-add", "stream-triad" ->
                        kernelSizes.addAll(List.of(64_000L, kernel.defaultSize(), 16_000_000L));
                case "latency" -> kernelSizes.addAll(List.of(256L * 1024, kernel.defaultSize()));
                default -> kernelSizes.add(kernel.defaultSize());
            }
            sizes.put(kernel.name(), kernelSizes);
        }
        return new Profile("full", sizes, 3, 4, 1, 5, 2, "sha256", 4096, Duration.ofSeconds(30),
                Duration.ofSeconds(5), 8, 0.3,
                List.of("-f", "2", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"), 0.25);
    }

    /** This profile restricted to the given kernels (used by calibration). */
    public Profile onlyKernels(List<String> kernelNames) {
        Map<String, List<Long>> kept = new LinkedHashMap<>();
        sizes.forEach((kernel, kernelSizes) -> {
            if (kernelNames.contains(kernel)) {
                kept.put(kernel, kernelSizes);
            }
        });
        return new Profile(name, kept, forks, rounds, runsPerTurn, iterations, warmupRuns, loadKernel, loadSize,
                loadDuration, loadWarmup, loadConnections, openLoopShare, jmhArgs, minRunSeconds);
    }

    /** This profile with {@code forks} launches of every environment. */
    public Profile withForks(int forkCount) {
        return new Profile(name, sizes, forkCount, rounds, runsPerTurn, iterations, warmupRuns, loadKernel, loadSize,
                loadDuration, loadWarmup, loadConnections, openLoopShare, jmhArgs, minRunSeconds);
    }

    /** Runs of each kernel size one environment gets over all forks. */
    public int samplesPerPoint() {
        return forks * rounds * 2 * runsPerTurn;
    }

    /** This profile with {@code /run} calls stretched to at least {@code seconds} on bare. */
    public Profile withMinRunSeconds(double seconds) {
        return new Profile(name, sizes, forks, rounds, runsPerTurn, iterations, warmupRuns, loadKernel, loadSize,
                loadDuration, loadWarmup, loadConnections, openLoopShare, jmhArgs, seconds);
    }

    /** The profile as run.json records it, durations in seconds. */
    public Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", name);
        described.put("sizes", sizes);
        described.put("forks", forks);
        described.put("rounds_per_fork", rounds);
        described.put("runs_per_turn", runsPerTurn);
        described.put("iterations_per_run", iterations);
        described.put("warmup_runs", warmupRuns);
        described.put("load_kernel", loadKernel);
        described.put("load_size", loadSize);
        described.put("load_duration_seconds", loadDuration.toSeconds());
        described.put("load_warmup_seconds", loadWarmup.toSeconds());
        described.put("load_connections", loadConnections);
        described.put("open_loop_share_of_bare_closed_rate", openLoopShare);
        described.put("jmh_args", jmhArgs);
        described.put("min_run_seconds", minRunSeconds);
        return described;
    }

    /** Number of kernel/size pairs. */
    public int points() {
        return sizes.values().stream().mapToInt(List::size).sum();
    }
}
