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
 * How much {@code compare} measures: which kernels at which sizes, how many interleaved rounds with how many
 * {@code /run} repetitions each, how many iterations one {@code /run} does, and how long each load run lasts.
 * Every repetition is one sample for the confidence interval, so {@code rounds * runsPerRound} is the number of
 * samples per kernel, size and environment.
 *
 * @param name          {@code smoke}, {@code quick} or {@code full}
 * @param sizes         kernel name to the sizes measured, in catalog order
 * @param rounds        interleaved rounds (bare, container, vm, bare, container, vm, ...)
 * @param runsPerRound  {@code /run} repetitions per environment, kernel and size in each round
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
public record Profile(String name, Map<String, List<Long>> sizes, int rounds, int runsPerRound, int iterations,
                      int warmupRuns, String loadKernel, long loadSize, Duration loadDuration, Duration loadWarmup,
                      int loadConnections, double openLoopShare, List<String> jmhArgs, double minRunSeconds) {

    public static final List<String> NAMES = List.of("smoke", "quick", "full");

    public Profile {
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

    /** Under 2 minutes for bare and container on 2 cores: every kernel once at a small size, 4 samples each. */
    static Profile smoke() {
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        sizes.put("sha256", List.of(1L << 20));
        sizes.put("primes", List.of(1_000_000L));
        sizes.put("matmul", List.of(64L));
        sizes.put("deflate", List.of(256L * 1024));
        sizes.put("sort", List.of(100_000L));
        sizes.put("stream-copy", List.of(200_000L));
        sizes.put("stream-scale", List.of(200_000L));
        sizes.put("stream-add", List.of(200_000L));
        sizes.put("stream-triad", List.of(200_000L));
        sizes.put("latency", List.of(1L << 20));
        sizes.put("alloc", List.of(16L << 20));
        return new Profile("smoke", sizes, 2, 2, 3, 2, "sha256", 4096, Duration.ofSeconds(3),
                Duration.ofSeconds(1), 2, 0.3,
                List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "2", "-r", "1s", "Sha256Bench"), 0);
    }

    /**
     * Under 15 minutes for bare, container and a TCG VM here: the catalog at moderate sizes, 12 samples each, every
     * {@code /run} stretched to at least 50 ms on bare (a run of a few milliseconds is at the mercy of one timer
     * interrupt or one collection).
     */
    static Profile quick() {
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        sizes.put("sha256", List.of(4L << 20));
        sizes.put("primes", List.of(4_000_000L));
        sizes.put("matmul", List.of(128L));
        sizes.put("deflate", List.of(1L << 20));
        sizes.put("sort", List.of(400_000L));
        sizes.put("stream-copy", List.of(1_000_000L));
        sizes.put("stream-scale", List.of(1_000_000L));
        sizes.put("stream-add", List.of(1_000_000L));
        sizes.put("stream-triad", List.of(1_000_000L));
        sizes.put("latency", List.of(8L << 20));
        sizes.put("alloc", List.of(64L << 20));
        return new Profile("quick", sizes, 4, 3, 3, 1, "sha256", 4096, Duration.ofSeconds(10),
                Duration.ofSeconds(2), 4, 0.3,
                List.of("-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "1s"), 0.05);
    }

    /**
     * For studies: every kernel at its default size, and the memory kernels also at a cache-sized and a
     * DRAM-sized working set; 5 rounds of 4 samples, every {@code /run} at least 250 ms on bare.
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
        return new Profile("full", sizes, 5, 4, 5, 2, "sha256", 4096, Duration.ofSeconds(30),
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
        return new Profile(name, kept, rounds, runsPerRound, iterations, warmupRuns, loadKernel, loadSize,
                loadDuration, loadWarmup, loadConnections, openLoopShare, jmhArgs, minRunSeconds);
    }

    /** This profile with {@code /run} calls stretched to at least {@code seconds} on bare. */
    public Profile withMinRunSeconds(double seconds) {
        return new Profile(name, sizes, rounds, runsPerRound, iterations, warmupRuns, loadKernel, loadSize,
                loadDuration, loadWarmup, loadConnections, openLoopShare, jmhArgs, seconds);
    }

    /** The profile as run.json records it, durations in seconds. */
    public Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", name);
        described.put("sizes", sizes);
        described.put("rounds", rounds);
        described.put("runs_per_round", runsPerRound);
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
