package org.envbench.http.compare;

/**
 * When warm-up of one kernel size in one environment is done, and how long a measured {@code /run} is made.
 * Warm-up goes on until the runs stop getting faster: at least the profile's runs, then until a run is no faster
 * per iteration than the best before it (within {@value #TOLERANCE}), at most {@value #MAX_RUNS} runs or
 * {@value #MAX_SECONDS} s. Pure: it sees only the times it is given.
 */
final class WarmupPolicy {

    static final int MAX_RUNS = 12;
    static final double MAX_SECONDS = 20;
    static final double TOLERANCE = 0.03;

    /** What to do after a warm-up run. */
    enum Verdict {
        /** Run once more. */
        CONTINUE,
        /** The runs stopped getting faster. */
        SETTLED,
        /** A limit ended the warm-up before they did. */
        LIMIT
    }

    private final int minRuns;
    private int runs;
    private double bestSecondsPerIteration = Double.POSITIVE_INFINITY;

    WarmupPolicy(int minRuns) {
        this.minRuns = minRuns;
    }

    /**
     * @param secondsPerIteration the server-side time per iteration of the run just done
     * @param elapsedSeconds      since this kernel size's warm-up began
     */
    Verdict after(double secondsPerIteration, double elapsedSeconds) {
        runs++;
        boolean noFaster = secondsPerIteration >= bestSecondsPerIteration * (1 - TOLERANCE);
        bestSecondsPerIteration = Math.min(bestSecondsPerIteration, secondsPerIteration);
        if (runs >= minRuns && noFaster) {
            return Verdict.SETTLED;
        }
        return elapsedSeconds > MAX_SECONDS || runs >= MAX_RUNS ? Verdict.LIMIT : Verdict.CONTINUE;
    }

    /** The best time per iteration seen so far. */
    double bestSecondsPerIteration() {
        return bestSecondsPerIteration;
    }

    /**
     * Iterations per measured {@code /run}: enough for {@code minRunSeconds} at the reference's best time per
     * iteration, never fewer than the profile's and never more than serve accepts.
     */
    static int stretchedIterations(double secondsPerIteration, double minRunSeconds, int profileIterations,
                                   int maxIterations) {
        return (int) Math.min(maxIterations, wantedIterations(secondsPerIteration, minRunSeconds, profileIterations));
    }

    /** The iterations {@code minRunSeconds} asks for, before serve's limit. */
    static long wantedIterations(double secondsPerIteration, double minRunSeconds, int profileIterations) {
        return (long) Math.max(profileIterations, Math.ceil(minRunSeconds / secondsPerIteration));
    }
}
