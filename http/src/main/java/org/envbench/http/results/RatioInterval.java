package org.envbench.http.results;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.envbench.core.ScoreUnit;

/**
 * The ratio of two mean scores (relative performance) with a 95% percentile-bootstrap interval: both sample sets are resampled with
 * replacement, independently, {@value #RESAMPLES} times from a fixed seed, and the 2.5th and 97.5th
 * percentiles of the resampled ratios are the interval. The samples are the {@code /run} repetitions. This is the
 * one place in Java that computes the interval and decides which way a unit points ({@link #higherIsBetter}).
 *
 * @param ratio the mean of {@code samples} divided by the mean of {@code reference}
 */
public record RatioInterval(double ratio, double low, double high) {

    public static final int RESAMPLES = 2000;
    private static final long SEED = 0x5EED;

    /** The interval of {@code mean(samples) / mean(reference)}; NaN when either set is empty. */
    public static RatioInterval of(List<Double> samples, List<Double> reference) {
        return of(samples, reference, true);
    }

    /**
     * Relative performance with its interval: {@code mean(samples) / mean(reference)} when a higher score is
     * better, {@code mean(reference) / mean(samples)} when a lower one is (latency), so that below 1 is always
     * slower than the reference, as the analysis notebook reports it.
     */
    public static RatioInterval of(List<Double> samples, List<Double> reference, boolean higherIsBetter) {
        if (samples.isEmpty() || reference.isEmpty()) {
            return new RatioInterval(Double.NaN, Double.NaN, Double.NaN);
        }
        double[] a = samples.stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = reference.stream().mapToDouble(Double::doubleValue).toArray();
        double ratio = relative(mean(a), mean(b), higherIsBetter);
        SplittableRandom random = new SplittableRandom(SEED);
        double[] ratios = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            ratios[i] = relative(resampledMean(a, random), resampledMean(b, random), higherIsBetter);
        }
        Arrays.sort(ratios);
        return new RatioInterval(ratio, percentile(ratios, 0.025), percentile(ratios, 0.975));
    }

    /** Relative performance of {@code samples} to {@code reference}, in the direction {@code unit} points. */
    public static RatioInterval relative(List<Double> samples, List<Double> reference, String unit) {
        return of(samples, reference, higherIsBetter(unit));
    }

    /**
     * Whether a higher score is better in this unit: the kernel catalog's word for its units; of an unknown unit,
     * only time per unit of work ({@code ns/}, {@code us/}, {@code ms/}) is lower-better.
     */
    public static boolean higherIsBetter(String unit) {
        for (ScoreUnit known : ScoreUnit.values()) {
            if (known.symbol().equals(unit)) {
                return known.higherIsBetter();
            }
        }
        return !unit.startsWith("ns/") && !unit.startsWith("us/") && !unit.startsWith("ms/");
    }

    /** The reference against itself: exactly 1, no interval to speak of. */
    public static RatioInterval identity() {
        return new RatioInterval(1.0, 1.0, 1.0);
    }

    /** Whether the interval leaves out 1, that is whether the difference is clear at 95%. */
    public boolean excludesOne() {
        return low > 1.0 || high < 1.0;
    }

    private static double relative(double score, double reference, boolean higherIsBetter) {
        return higherIsBetter ? score / reference : reference / score;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double resampledMean(double[] values, SplittableRandom random) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[random.nextInt(values.length)];
        }
        return sum / values.length;
    }

    private static double percentile(double[] sorted, double share) {
        double position = share * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
