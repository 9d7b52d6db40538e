package org.envbench.core;

/**
 * The unit a kernel's score is given in, and how a score follows from the work done and the time it took.
 * Rates (higher is better) are work per second scaled to the unit; {@link #NANOS_PER_LOAD},
 * {@link #NANOS_PER_OPERATION} and {@link #MICROS_PER_OPERATION} are time per unit of work (lower is better).
 */
public enum ScoreUnit {
    MEGABYTES_PER_SECOND("MB/s", 1e-6, true),
    GIGABYTES_PER_SECOND("GB/s", 1e-9, true),
    GIGAFLOPS_PER_SECOND("GFLOP/s", 1e-9, true),
    NUMBERS_PER_SECOND("numbers/s", 1.0, true),
    ELEMENTS_PER_SECOND("elements/s", 1.0, true),
    NANOS_PER_LOAD("ns/load", 1.0, false),
    NANOS_PER_OPERATION("ns/op", 1.0, false),
    MICROS_PER_OPERATION("\u00b5s/op", 1e-3, false);

    private final String symbol;
    private final double scale;
    private final boolean higherIsBetter;

    ScoreUnit(String symbol, double scale, boolean higherIsBetter) {
        this.symbol = symbol;
        this.scale = scale;
        this.higherIsBetter = higherIsBetter;
    }

    /** The unit as printed in the catalog, JSON and CSV, for example {@code MB/s}. */
    public String symbol() {
        return symbol;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /**
     * The score for {@code work} units of work (bytes, flops, numbers, elements, loads or operations) done in
     * {@code durationNanos}.
     */
    public double score(double work, long durationNanos) {
        if (durationNanos <= 0 || work <= 0) {
            throw new IllegalArgumentException("work and duration must be positive, got work=" + work
                    + " durationNanos=" + durationNanos);
        }
        return higherIsBetter ? work * scale / (durationNanos * 1e-9) : durationNanos * scale / work;
    }
}
