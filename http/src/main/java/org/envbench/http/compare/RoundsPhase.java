package org.envbench.http.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.envbench.http.results.KernelRow;
import org.envbench.http.watch.Interference;
import org.envbench.http.watch.InterferenceMeter;

/**
 * The measured rounds of one fork: the turns of a {@link MeasurementPlan}, each a run of consecutive recorded
 * {@code /run}s. Every turn is also measured for interference (what else used the machine meanwhile), and its runs
 * carry the figures into kernels.csv.
 */
record RoundsPhase(ComparisonState state, KernelRuns runs) {

    /** @param secondsPerRun the warm-up's wall-clock seconds per run, by "label kernel size", for the progress bar */
    void run(MeasurementPlan plan, Map<String, Double> secondsPerRun) {
        Profile profile = state.profile();
        if (state.running().isEmpty()) {
            state.err.println("compare: no environment is up; nothing to measure");
            return;
        }
        Map<String, EnvironmentUnderTest> byLabel = state.envs.stream()
                .collect(Collectors.toMap(e -> e.label, Function.identity()));
        int round = 0;
        for (MeasurementPlan.Turn turn : plan.turns()) {
            if (state.stopping()) {
                return;
            }
            if (turn.round() != round) {
                round = turn.round();
                state.phase = forkLabel(profile) + "round " + round + " of " + profile.rounds();
                state.err.println("compare: measuring " + state.phase);
            }
            EnvironmentUnderTest env = byLabel.get(turn.env());
            if (!env.running()) {
                continue;
            }
            state.turn(env);
            InterferenceMeter.Turn measured = state.meter == null ? null : state.meter.begin(roots(env));
            List<KernelRow> rows = new ArrayList<>();
            String what = env.label + " " + turn.kernel() + " " + turn.size();
            for (int rep = 0; rep < turn.repetitions() && env.running() && !state.stopping(); rep++) {
                KernelRow row = runs.measure(env, turn.kernel(), turn.size(), new KernelRow.Position(state.fork,
                        turn.round(), turn.firstRepetition() + rep));
                if (row != null) {
                    rows.add(row);
                }
                state.progress.advance(secondsPerRun.getOrDefault(what, 0.0), what);
            }
            Interference interference = measured == null ? null : measured.end();
            for (KernelRow row : rows) {
                state.record(interference == null ? row
                        : row.withTurn(interference.outsideShare(), interference.stealShare()));
            }
        }
    }

    /** The processes whose CPU time is the environment's own during its turn. */
    private static List<Long> roots(EnvironmentUnderTest env) {
        return env.environment.hostProcesses().stream().map(ProcessHandle::pid).toList();
    }

    private String forkLabel(Profile profile) {
        return profile.forks() > 1 ? "fork " + state.fork + " of " + profile.forks() + ", " : "";
    }

    /**
     * Tells the progress bar the work ahead and prints the estimate the warm-up of the first fork gives.
     *
     * @param forkOverheadSeconds what starting and warming up one fork took (every later fork repeats it)
     */
    static void estimate(ComparisonState state, Map<String, Double> secondsPerRun, double forkOverheadSeconds) {
        Profile profile = state.profile();
        double rounds = secondsPerRun.values().stream().mapToDouble(Double::doubleValue).sum()
                * profile.rounds() * 2 * profile.runsPerTurn() * profile.forks();
        double forks = (profile.forks() - 1) * forkOverheadSeconds;
        long running = state.running().size();
        double load = !state.settings.load() ? 0 : running * 2 * LoadPhase.secondsPerRun(profile);
        state.progress.plan(rounds + forks + load);
        state.err.printf(Locale.ROOT, "compare: profile %s, %d environments up, %d kernel sizes, %d forks x %d "
                        + "rounds x 2 turns x %d runs; estimated time for the rest (from the warm-up): %s%n",
                profile.name(), running, profile.points(), profile.forks(), profile.rounds(), profile.runsPerTurn(),
                Progress.clock(rounds + forks + load));
    }
}
