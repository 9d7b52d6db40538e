package org.envbench.http.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.envbench.http.results.EnvironmentStatus;
import org.envbench.http.results.Summary;
import org.envbench.http.results.SummaryRow;

/**
 * The forks of a comparison, one after the other: each starts every environment afresh, warms it up, measures the
 * A-B-B-A rounds and stops it, so that every fork's JIT decisions and heap layout are its own and the interval can
 * rest on forks, the independent units. The load runs and JMH come in the first fork, after its rounds, while its
 * servers are up. With a precision target, forks are added after the planned ones, for the kernels whose ratio
 * interval is still wider than the target, until every one meets it or the time budget is spent.
 */
final class ForkLoop {

    private final ComparisonState state;
    private final LoadStep loadStep;
    private final KernelRuns runs;
    private final long beginNanos = System.nanoTime();
    private Map<String, Double> secondsPerRun = Map.of();

    ForkLoop(ComparisonState state, LoadStep loadStep) {
        this.state = state;
        this.loadStep = loadStep;
        this.runs = new KernelRuns(state);
    }

    void run() {
        Profile planned = state.settings.profile();
        for (int fork = 1; !state.stopping(); fork++) {
            if (fork > planned.forks()) {
                Profile missing = missingPrecision();
                if (missing == null) {
                    return;
                }
                state.profile = missing;
                state.note(String.format(Locale.ROOT, "fork %d for --precision %.1f%%: %s", fork,
                        state.settings.precision() * 100, String.join(", ", missing.sizes().keySet())));
            }
            state.fork = fork;
            runFork(fork);
            endFork(fork);
        }
    }

    private void runFork(int fork) {
        long begin = System.nanoTime();
        new StartPhase(state).run();
        if (fork == 1 && state.freezer.enabled()) {
            state.note("each environment is measured alone: the others are stopped (SIGSTOP) during its turn and "
                    + "continued after it, so that their background work (a TCG guest's JIT, GC) does not share its "
                    + "CPU (--no-pause turns this off)");
        }
        Map<String, Double> warmUp = new WarmupPhase(state, runs).run(fork == 1);
        double overhead = (System.nanoTime() - begin) / 1e9;
        if (fork == 1) {
            secondsPerRun = warmUp;
            RoundsPhase.estimate(state, secondsPerRun, overhead);
        } else {
            state.progress.advance(overhead, "fork " + fork + " started and warmed up");
        }
        Profile profile = state.profile();
        new RoundsPhase(state, runs).run(MeasurementPlan.paired(profile.sizes(),
                state.envs.stream().map(e -> e.label).toList(), profile.rounds(), profile.runsPerTurn()),
                secondsPerRun);
        if (fork == 1 && state.settings.load() && !state.stopping()) {
            new LoadPhase(state, loadStep).run();
        }
        if (fork == 1 && state.settings.jmh() && !state.stopping()) {
            new JmhPhase(state).run();
        }
    }

    /**
     * Ends a fork: every environment's server is stopped, its fork recorded, and it waits to be launched afresh for
     * the next one.
     */
    private void endFork(int fork) {
        if (state.stopping()) {
            return;
        }
        state.phase = "stopping fork " + fork;
        state.freezer.resumeAll();
        for (EnvironmentUnderTest env : state.running()) {
            env.endFork(fork, EnvironmentStatus.OK, null);
            env.environment.close();
            env.status = EnvironmentStatus.PENDING;
        }
    }

    /**
     * The profile of a precision fork: the kernels with a ratio whose interval is still wider than the target;
     * null when there is no target, every ratio meets it, or the time budget would be exceeded (with a note).
     */
    private Profile missingPrecision() {
        double target = state.settings.precision();
        if (!(target > 0)) {
            return null;
        }
        List<String> missed = missedKernels(target);
        if (missed.isEmpty()) {
            state.note(String.format(Locale.ROOT, "--precision %.1f%%: every ratio's interval is within it after "
                    + "%d forks", target * 100, state.fork));
            return null;
        }
        Duration spent = Duration.ofNanos(System.nanoTime() - beginNanos);
        Duration budget = state.settings.maxTime();
        double perFork = spent.toMillis() / 1000.0 / state.fork;
        if (spent.toMillis() / 1000.0 + perFork > budget.toSeconds()) {
            state.note(String.format(Locale.ROOT, "--precision %.1f%% missed after %d forks (the time budget of %s "
                            + "would not hold another): %s", target * 100, state.fork, Progress.clock(budget.toSeconds()),
                    String.join(", ", missed)));
            return null;
        }
        return state.settings.profile().onlyKernels(missed);
    }

    /** Kernels for which some environment's ratio interval is wider than {@code target} (half-width, relative). */
    List<String> missedKernels(double target) {
        List<SummaryRow> rows;
        synchronized (state.lock) {
            rows = Summary.rows(List.copyOf(state.samples), state.envs.stream().map(e -> e.label).toList(),
                    ComparisonState.REFERENCE);
        }
        List<String> missed = new ArrayList<>();
        for (SummaryRow row : rows) {
            if (!row.env().equals(ComparisonState.REFERENCE) && !Double.isNaN(row.halfWidth())
                    && row.halfWidth() > target && !missed.contains(row.kernel())) {
                missed.add(row.kernel());
            }
        }
        return missed;
    }
}
