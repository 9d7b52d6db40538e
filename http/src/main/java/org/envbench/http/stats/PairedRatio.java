package org.envbench.http.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Relative performance of an environment against the reference from paired runs, with its interval.
 *
 * <p>Within one fork, the runs of both environments come in blocks (A B B A: the reference, the environment, the
 * environment again, the reference again). A block's ratio is the environment's mean score in the block over the
 * reference's, so that the machine's drift, which moves neighbouring runs alike, cancels within the block instead
 * of widening or biasing the interval. The ratio of a fork is the geometric mean of its block ratios, and the
 * ratio of the comparison the geometric mean over forks, with the interval of {@link ForkedEstimate} on the
 * logarithms. A block that lacks either side (a run refused or failed) is left out; so is a fork that one side
 * lacks.
 *
 * <p>Ratios are relative performance: the environment's score over the reference's when a higher score is
 * better, the inverse when a lower one is (time per operation), so that below 1 is always slower.
 */
public final class PairedRatio {

    /** One timed run: its fork, its block within the fork, and its score. */
    public record Run(int fork, int block, double score) {
    }

    /** The ratio and its 95% interval, both as ratios (not logs). */
    public record Ratio(double ratio, double low, double high, int forks, int blocks) {

        public static Ratio identity(int forks, int blocks) {
            return new Ratio(1.0, 1.0, 1.0, forks, blocks);
        }

        public boolean excludesOne() {
            return low > 1.0 || high < 1.0;
        }

        /** Half the interval's width relative to the ratio, the figure a precision target is held to. */
        public double relativeHalfWidth() {
            return Math.max(ratio - low, high - ratio) / ratio;
        }

        static Ratio of(ForkedEstimate logs) {
            return new Ratio(Math.exp(logs.mean()), Math.exp(logs.low()), Math.exp(logs.high()), logs.forks(),
                    logs.values());
        }
    }

    private PairedRatio() {
    }

    /** The log ratios of every complete block, grouped by fork, in fork order. */
    public static List<List<Double>> blockLogRatios(List<Run> env, List<Run> reference, boolean higherIsBetter) {
        Map<Integer, Map<Integer, double[]>> envBlocks = blockMeans(env);
        Map<Integer, Map<Integer, double[]>> refBlocks = blockMeans(reference);
        List<List<Double>> groups = new ArrayList<>();
        envBlocks.forEach((fork, blocks) -> {
            Map<Integer, double[]> refFork = refBlocks.get(fork);
            if (refFork == null) {
                return;
            }
            List<Double> logs = new ArrayList<>();
            blocks.forEach((block, sum) -> {
                double[] refSum = refFork.get(block);
                if (refSum != null) {
                    double ratio = (sum[0] / sum[1]) / (refSum[0] / refSum[1]);
                    logs.add(Math.log(higherIsBetter ? ratio : 1 / ratio));
                }
            });
            if (!logs.isEmpty()) {
                groups.add(logs);
            }
        });
        return groups;
    }

    /** The paired ratio of {@code env} to {@code reference}; NaN fields when no block has both. */
    public static Ratio of(List<Run> env, List<Run> reference, boolean higherIsBetter) {
        ForkedEstimate logs = ForkedEstimate.of(blockLogRatios(env, reference, higherIsBetter));
        if (logs.forks() == 0) {
            return new Ratio(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        }
        return Ratio.of(logs);
    }

    /** The geometric-mean score of one environment over forks and blocks, with its interval (for diff). */
    public static Ratio score(List<Run> runs) {
        List<List<Double>> groups = new ArrayList<>();
        blockMeans(runs).forEach((fork, blocks) -> {
            List<Double> logs = new ArrayList<>();
            blocks.values().forEach(sum -> logs.add(Math.log(sum[0] / sum[1])));
            groups.add(logs);
        });
        ForkedEstimate logs = ForkedEstimate.of(groups);
        return logs.forks() == 0 ? new Ratio(Double.NaN, Double.NaN, Double.NaN, 0, 0) : Ratio.of(logs);
    }

    /**
     * The coefficient of variation of single runs within a fork, pooled over forks: the spread a run has on its
     * own, which pairing cannot remove. NaN with fewer than two runs in every fork.
     */
    public static double withinForkCv(List<Run> runs) {
        Map<Integer, List<Double>> byFork = new TreeMap<>();
        for (Run run : runs) {
            byFork.computeIfAbsent(run.fork(), f -> new ArrayList<>()).add(run.score());
        }
        double squares = 0;
        double sum = 0;
        int degrees = 0;
        int count = 0;
        for (List<Double> scores : byFork.values()) {
            double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            for (double score : scores) {
                squares += (score - mean) * (score - mean);
                sum += score;
                count++;
            }
            degrees += scores.size() - 1;
        }
        if (degrees < 1) {
            return Double.NaN;
        }
        return Math.sqrt(squares / degrees) / (sum / count);
    }

    /** Sum and count of scores per fork and block, both in ascending order. */
    private static Map<Integer, Map<Integer, double[]>> blockMeans(List<Run> runs) {
        Map<Integer, Map<Integer, double[]>> byFork = new TreeMap<>();
        for (Run run : runs) {
            if (!(run.score() > 0) || Double.isInfinite(run.score())) {
                continue;
            }
            double[] sum = byFork.computeIfAbsent(run.fork(), f -> new TreeMap<>())
                    .computeIfAbsent(run.block(), b -> new double[2]);
            sum[0] += run.score();
            sum[1]++;
        }
        return byFork;
    }

    /** Groups runs by a key in first-seen order; a helper for callers that hold rows of several points. */
    public static <T> Map<String, List<T>> groupBy(List<T> rows, java.util.function.Function<T, String> key) {
        Map<String, List<T>> grouped = new LinkedHashMap<>();
        for (T row : rows) {
            grouped.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row);
        }
        return grouped;
    }
}
