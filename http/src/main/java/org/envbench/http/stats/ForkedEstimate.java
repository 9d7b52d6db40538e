package org.envbench.http.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mean of a two-level sample, forks then values within each fork, in log space, with a 95% interval that
 * stays honest when the forks are few.
 *
 * <p>The point is the mean over forks of each fork's mean: every fork weighs the same, however many values it
 * has, because forks (separate JVM launches) are the independent units and values inside one fork share its JIT
 * decisions and heap layout. The interval is the wider of two:
 * <ul>
 *   <li>a two-level percentile bootstrap: {@value #RESAMPLES} times, draw the forks with replacement, then each
 *       drawn fork's values with replacement, from a fixed seed;</li>
 *   <li>the t interval over the fork means ({@code forks - 1} degrees of freedom); with one fork, over its values.</li>
 * </ul>
 * The bootstrap alone cannot see a fork-to-fork spread it has not sampled: with two forks its interval never
 * leaves the span between them, which covers the true mean about half the time. The t interval is what small
 * samples of independent units are owed; with many forks the two agree. With one fork the units are its values
 * (the blocks), the t interval is taken over them, and {@link #forks()} says to the reader that such an interval
 * does not cover JVM-to-JVM variation.
 *
 * @param mean   the mean of the fork means (log space when the values are logs)
 * @param low    lower end of the 95% interval
 * @param high   upper end of the 95% interval
 * @param forks  forks that had at least one value
 * @param values values over all those forks
 */
public record ForkedEstimate(double mean, double low, double high, int forks, int values) {

    /** Bootstrap resamples; the same in compare, diff and calibration. */
    public static final int RESAMPLES = 4000;
    private static final long SEED = 0x5EED;

    /** No data: every field NaN or zero. */
    public static ForkedEstimate none() {
        return new ForkedEstimate(Double.NaN, Double.NaN, Double.NaN, 0, 0);
    }

    /**
     * The estimate of {@code groups}, one list of values per fork. Empty groups are dropped (a fork that
     * failed before giving a value).
     */
    public static ForkedEstimate of(List<List<Double>> groups) {
        List<double[]> forks = new ArrayList<>();
        for (List<Double> group : groups) {
            if (!group.isEmpty()) {
                forks.add(group.stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        if (forks.isEmpty()) {
            return none();
        }
        int values = forks.stream().mapToInt(f -> f.length).sum();
        double[] forkMeans = forks.stream().mapToDouble(ForkedEstimate::mean).toArray();
        double mean = mean(forkMeans);

        SplittableRandom random = new SplittableRandom(SEED);
        double[] draws = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            double sum = 0;
            for (int f = 0; f < forks.size(); f++) {
                double[] fork = forks.get(random.nextInt(forks.size()));
                double forkSum = 0;
                for (int v = 0; v < fork.length; v++) {
                    forkSum += fork[random.nextInt(fork.length)];
                }
                sum += forkSum / fork.length;
            }
            draws[i] = sum / forks.size();
        }
        Arrays.sort(draws);
        double low = percentile(draws, 0.025);
        double high = percentile(draws, 0.975);
        double[] units = forks.size() >= 2 ? forkMeans : forks.get(0);
        if (units.length >= 2) {
            double half = StudentT.quantile975(units.length - 1) * standardDeviation(units) / Math.sqrt(units.length);
            low = Math.min(low, mean - half);
            high = Math.max(high, mean + half);
        }
        return new ForkedEstimate(mean, low, high, forks.size(), values);
    }

    /** Whether the interval leaves out {@code value}. */
    public boolean excludes(double value) {
        return low > value || high < value;
    }

    /** The larger distance from the mean to an end of the interval. */
    public double halfWidth() {
        return Math.max(mean - low, high - mean);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    static double standardDeviation(double[] values) {
        double mean = mean(values);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    private static double percentile(double[] sorted, double share) {
        double position = share * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
