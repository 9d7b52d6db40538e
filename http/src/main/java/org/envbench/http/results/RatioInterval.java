package org.envbench.http.results;

import org.envbench.core.ScoreUnit;
import org.envbench.http.stats.PairedRatio;

/**
 * Relative performance with its 95% interval, as summary.csv, the console and calibration report it: below 1 is
 * slower than the reference for every kernel. How it is estimated (paired A-B-B-A rounds within forks, a two-level
 * bootstrap that stays honest with few forks) is {@link PairedRatio}'s; which way a unit points is decided here,
 * once, for all of Java ({@link #higherIsBetter}).
 */
public record RatioInterval(double ratio, double low, double high) {

    /** How summary.csv and run.json describe the interval. */
    public static final String METHOD = "95% interval of the geometric mean of paired A-B-B-A block ratios: the "
            + "wider of a two-level percentile bootstrap (forks, then blocks within them; "
            + org.envbench.http.stats.ForkedEstimate.RESAMPLES + " resamples) and the t interval over the forks "
            + "(forks - 1 degrees of freedom); with one fork the bootstrap over its blocks alone, which does not "
            + "cover JVM-to-JVM variation";

    /** The ratio as {@link PairedRatio} estimated it. */
    public static RatioInterval of(PairedRatio.Ratio ratio) {
        return new RatioInterval(ratio.ratio(), ratio.low(), ratio.high());
    }

    /**
     * Whether a higher score is better in this unit: the kernel catalog's word for its units; of an unknown unit,
     * only time per unit of work ({@code ns/}, {@code us/}, {@code µs/}, {@code ms/}) is lower-better.
     */
    public static boolean higherIsBetter(String unit) {
        for (ScoreUnit known : ScoreUnit.values()) {
            if (known.symbol().equals(unit)) {
                return known.higherIsBetter();
            }
        }
        return !unit.startsWith("ns/") && !unit.startsWith("us/") && !unit.startsWith("µs/")
                && !unit.startsWith("ms/");
    }

    /** The reference against itself: exactly 1, no interval to speak of. */
    public static RatioInterval identity() {
        return new RatioInterval(1.0, 1.0, 1.0);
    }

    /** Whether the interval leaves out 1, that is whether the difference is clear at 95%. */
    public boolean excludesOne() {
        return low > 1.0 || high < 1.0;
    }

    /** Half the interval's width relative to the ratio, the figure a precision target is held to. */
    public double relativeHalfWidth() {
        return Math.max(ratio - low, high - ratio) / ratio;
    }
}
