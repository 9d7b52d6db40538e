package org.envbench.http.serve;

/** A run refused or stopped between iterations by its {@link RunDeadline}. */
final class RunStoppedException extends RuntimeException {

    enum Kind {
        /** Refused before its first iteration: the estimate does not fit the deadline. */
        TOO_LONG,
        /** Stopped between iterations: the iterations measured say the rest would end after the deadline. */
        DEADLINE,
        /** Stopped between iterations: the client closed its connection. */
        CLIENT_GONE
    }

    final Kind kind;
    final int iterationsDone;
    final int iterationsAsked;
    final long largestIterationsThatFit;
    final double secondsPerIteration;
    final double projectedSeconds;
    final double maxRunSeconds;

    RunStoppedException(Kind kind, int iterationsDone, int iterationsAsked, long largestIterationsThatFit,
                        double secondsPerIteration, double projectedSeconds, double maxRunSeconds) {
        super(kind + " after " + iterationsDone + " of " + iterationsAsked + " iterations", null, false, false);
        this.kind = kind;
        this.iterationsDone = iterationsDone;
        this.iterationsAsked = iterationsAsked;
        this.largestIterationsThatFit = largestIterationsThatFit;
        this.secondsPerIteration = secondsPerIteration;
        this.projectedSeconds = projectedSeconds;
        this.maxRunSeconds = maxRunSeconds;
    }
}
