package org.envbench.http.serve;

import java.time.Duration;
import java.util.OptionalDouble;

import org.envbench.core.Kernel;
import org.envbench.core.KernelRunner;
import org.envbench.core.Workload;

/**
 * The limits of one {@code /run}, checked between its iterations: before the first, the work asked for is estimated
 * from the {@link CostModel} and refused if it cannot end within {@code --max-run-time}; after each, the iterations
 * measured so far say whether the rest can, and a client that went away stops the run.
 */
final class RunDeadline implements KernelRunner.IterationCheck {

    /**
     * A run is stopped on the projection of its own iterations only once it has spent 1/EVIDENCE_FRACTION of its
     * budget: a fresh JVM's first iterations run interpreted and a CPU quota stalls whole periods, so a projection
     * from a few of them can be many times too long (DESIGN.md, "Bounded work per run"). The hard deadline holds
     * from the start.
     */
    static final int EVIDENCE_FRACTION = 10;

    /**
     * Where a kernel's cost comes only from the server's calibration (no run of it yet, as in every fresh fork of
     * compare), a request is refused up front only when it is estimated at more than this many budgets: the
     * calibration's iterations run interpreted, 10 to 50 times slower than compiled ones (DESIGN.md, "Bounded work
     * per run"). A request let through is still stopped between iterations by its own projection.
     */
    static final int COLD_ESTIMATE_MARGIN = 20;

    private final Kernel kernel;
    private final long size;
    private final int iterations;
    private final CostModel costs;
    private final long startNanos;
    private final long budgetNanos;
    private volatile RunStoppedException.Kind stop;
    private volatile int done;
    private volatile long firstIterationNanos;
    private double workPerRun;

    RunDeadline(Kernel kernel, long size, int iterations, CostModel costs, Duration maxRunTime) {
        this.kernel = kernel;
        this.size = size;
        this.iterations = iterations;
        this.costs = costs;
        this.startNanos = System.nanoTime();
        this.budgetNanos = maxRunTime.toNanos();
    }

    /** Stops the run before its next iteration: nobody is waiting for its answer any more. */
    RunStoppedException clientGone() {
        stop = RunStoppedException.Kind.CLIENT_GONE;
        return new RunStoppedException(stop, done, iterations, 0, 0, elapsedSeconds(), seconds(budgetNanos));
    }

    /**
     * When the deadline has passed with an iteration still running (one longer than estimated), the answer that the
     * run is stopped, and the run stops when that iteration ends; null before the deadline.
     */
    RunStoppedException overdue() {
        long now = System.nanoTime();
        if (now - startNanos <= budgetNanos) {
            return null;
        }
        stop = RunStoppedException.Kind.DEADLINE;
        int finished = done;
        long first = firstIterationNanos;
        // With no iteration finished, the one running has taken at least this long.
        double perIteration = first == 0 ? 0 : (double) (now - first) / Math.max(1, finished);
        long fitting = finished == 0 ? 0 : (long) Math.floor((budgetNanos - (first - startNanos)) / perIteration);
        double projected = finished == 0 ? now - startNanos : (first - startNanos) + iterations * perIteration;
        return new RunStoppedException(stop, finished, iterations, Math.max(0, fitting), seconds((long) perIteration),
                seconds((long) projected), seconds(budgetNanos));
    }

    @Override
    public void beforeIteration(int finished, Workload workload) {
        long now = System.nanoTime();
        done = finished;
        if (stop != null) {
            throw new RunStoppedException(stop, finished, iterations, 0, 0, elapsedSeconds(), seconds(budgetNanos));
        }
        if (finished == 0) {
            firstIterationNanos = now;
            workPerRun = workload.workPerRun();
            OptionalDouble nanosPerWork = costs.nanosPerWork(kernel, size);
            if (nanosPerWork.isPresent()) {
                check(RunStoppedException.Kind.TOO_LONG, 0, now, nanosPerWork.getAsDouble() * workPerRun,
                        costs.measuredInRuns(kernel) ? 1 : COLD_ESTIMATE_MARGIN);
            }
            return;
        }
        double perIteration = (double) (now - firstIterationNanos) / finished;
        costs.record(kernel, size, perIteration / Math.max(1e-9, workPerRun));
        check(RunStoppedException.Kind.DEADLINE, finished, now, perIteration, 1);
    }

    /** Stops the run when its projected end is beyond {@code budgets} times the budget. */
    private void check(RunStoppedException.Kind kind, int done, long now, double perIterationNanos, int budgets) {
        double projectedEnd = (now - startNanos) + (iterations - done) * perIterationNanos;
        if (projectedEnd <= (double) budgetNanos * budgets) {
            return;
        }
        if (kind == RunStoppedException.Kind.DEADLINE && now - startNanos < budgetNanos / EVIDENCE_FRACTION) {
            return;
        }
        // What fits: the same preparation, and as many iterations as the budget then leaves.
        long preparation = firstIterationNanos - startNanos;
        long fitting = (long) Math.floor((budgetNanos - preparation) / Math.max(1.0, perIterationNanos));
        throw new RunStoppedException(kind, done, iterations, Math.max(0, Math.min(iterations, fitting)),
                seconds((long) perIterationNanos), seconds((long) projectedEnd), seconds(budgetNanos));
    }

    private double elapsedSeconds() {
        return seconds(System.nanoTime() - startNanos);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
