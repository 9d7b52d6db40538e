package org.envbench.http.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.envbench.http.serve.ServeConfig;

/**
 * Untimed runs for the JIT, in two passes. The first repeats each kernel size in each environment at the profile's
 * iterations until {@link WarmupPolicy} says the runs stopped getting faster. From the reference's best time per
 * iteration, {@link #stretchRuns} then sets the iterations per run, the same in every environment; the second pass
 * runs each once at that count, which gives the time estimate. Both passes run in the first fork; a later fork (a
 * fresh server with a cold JIT) repeats the first pass only, at the stretched iterations, so that every fork
 * measures the same work.
 */
final class WarmupPhase {

    private final ComparisonState state;
    private final KernelRuns runs;
    /** Server-side seconds per iteration, the best seen in warm-up, by "label kernel size". */
    private final Map<String, Double> secondsPerIteration = new HashMap<>();

    WarmupPhase(ComparisonState state, KernelRuns runs) {
        this.state = state;
        this.runs = runs;
    }

    /**
     * Runs the first pass, and in the first fork the stretching and the second pass; the wall-clock seconds of one
     * run, by "label kernel size", for the estimate (empty in a later fork).
     */
    Map<String, Double> run(boolean firstFork) {
        state.phase = state.profile().forks() > 1 ? "warm-up of fork " + state.fork : "warm-up";
        Profile profile = state.profile();
        state.err.println("compare: warm-up, at least " + profile.warmupRuns() + " untimed /run per environment, "
                + "kernel and size, until the runs stop getting faster");
        List<String> unsettled = new ArrayList<>();
        for (EnvironmentUnderTest env : state.envs) {
            state.turn(env);
            profile.sizes().forEach((kernel, sizes) -> {
                for (long size : sizes) {
                    if (!settle(env, kernel, size)) {
                        unsettled.add(env.label + " " + kernel + " " + size);
                    }
                }
            });
        }
        if (!unsettled.isEmpty()) {
            state.note("warm-up ended before the runs stopped getting faster (limit " + WarmupPolicy.MAX_RUNS
                    + " runs or " + (int) WarmupPolicy.MAX_SECONDS + " s) for: " + String.join(", ", unsettled)
                    + "; the first rounds of these may still include JIT compilation");
        }
        if (!firstFork) {
            return Map.of();
        }
        stretchRuns();
        Map<String, Double> secondsPerRun = new HashMap<>();
        for (EnvironmentUnderTest env : state.envs) {
            state.turn(env);
            profile.sizes().forEach((kernel, sizes) -> {
                for (long size : sizes) {
                    long begin = System.nanoTime();
                    if (env.running() && !state.stopping() && !Double.isNaN(runs.warmUp(env, kernel, size))) {
                        secondsPerRun.put(env.label + " " + kernel + " " + size, (System.nanoTime() - begin) / 1e9);
                    }
                }
            });
        }
        return secondsPerRun;
    }

    /** Warm-up runs of one kernel size in one environment; false when a limit ended them first. */
    private boolean settle(EnvironmentUnderTest env, String kernel, long size) {
        WarmupPolicy policy = new WarmupPolicy(state.profile().warmupRuns());
        long begin = System.nanoTime();
        while (env.running() && !state.stopping()) {
            double perIteration = runs.warmUp(env, kernel, size);
            if (Double.isNaN(perIteration)) {
                return true;
            }
            secondsPerIteration.merge(env.label + " " + kernel + " " + size, perIteration, Math::min);
            WarmupPolicy.Verdict verdict = policy.after(perIteration, (System.nanoTime() - begin) / 1e9);
            if (verdict != WarmupPolicy.Verdict.CONTINUE) {
                return verdict == WarmupPolicy.Verdict.SETTLED;
            }
        }
        return true;
    }

    /**
     * With {@link Profile#minRunSeconds()}, raises each kernel's iterations until one {@code /run} lasts that long
     * on the reference (bare, else the first environment up), the same count everywhere.
     */
    private void stretchRuns() {
        Profile profile = state.profile();
        EnvironmentUnderTest reference = state.reference();
        if (profile.minRunSeconds() <= 0 || reference == null) {
            return;
        }
        profile.sizes().forEach((kernel, sizes) -> {
            for (long size : sizes) {
                Double perIteration = secondsPerIteration.get(reference.label + " " + kernel + " " + size);
                if (perIteration == null || perIteration <= 0) {
                    continue;
                }
                long wanted = WarmupPolicy.wantedIterations(perIteration, profile.minRunSeconds(),
                        profile.iterations());
                int iterations = WarmupPolicy.stretchedIterations(perIteration, profile.minRunSeconds(),
                        profile.iterations(), ServeConfig.MAX_RUN_ITERATIONS);
                if (iterations < wanted) {
                    state.note(String.format(Locale.ROOT, "%s at size %d: %d iterations per /run, serve's limit; a "
                                    + "run lasts about %.2f s on %s, not the %.2f s asked for", kernel, size,
                            iterations, iterations * perIteration, reference.label, profile.minRunSeconds()));
                }
                runs.stretch(kernel, size, iterations);
                state.err.printf(Locale.ROOT, "compare: %s at size %d: %d iterations per /run (about %.1f s on %s)%n",
                        kernel, size, iterations, iterations * perIteration, reference.label);
            }
        });
        state.noteQuietly("runs stretched to at least " + profile.minRunSeconds() + " s on " + reference.label
                + ": iterations per /run " + runs.stretched());
    }
}
