package org.envbench.http.compare;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The measured rounds: the turns of a {@link MeasurementPlan}, each a run of consecutive recorded {@code /run}s. */
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
                state.phase = "round " + round + " of " + profile.rounds();
                state.err.println("compare: measuring round " + round + " of " + profile.rounds());
            }
            EnvironmentUnderTest env = byLabel.get(turn.env());
            state.turn(env);
            String what = env.label + " " + turn.kernel() + " " + turn.size();
            for (int rep = 1; rep <= turn.repetitions() && env.running() && !state.stopping(); rep++) {
                runs.measure(env, turn.kernel(), turn.size(), turn.round(), rep);
                state.progress.advance(secondsPerRun.getOrDefault(what, 0.0), what);
            }
        }
    }

    /** Tells the progress bar the work ahead and prints the estimate the warm-up gives. */
    static void estimate(ComparisonState state, Map<String, Double> secondsPerRun) {
        Profile profile = state.profile();
        double rounds = secondsPerRun.values().stream().mapToDouble(Double::doubleValue).sum()
                * profile.rounds() * profile.runsPerRound();
        long running = state.running().size();
        double load = !state.settings.load() ? 0 : running * 2 * LoadPhase.secondsPerRun(profile);
        state.progress.plan(rounds + load);
        state.err.printf(Locale.ROOT, "compare: profile %s, %d environments up, %d kernel sizes, %d rounds x %d runs; "
                        + "estimated time for the measurements (from the warm-up): %s%n", profile.name(), running,
                profile.points(), profile.rounds(), profile.runsPerRound(), Progress.clock(rounds + load));
    }
}
