package org.envbench.http.compare;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.envbench.http.load.LoadMode;
import org.envbench.http.results.LatencyRow;

/**
 * Closed loop against every environment, then open loop at a share of the rate the reference reached, each run
 * alone in its turn. A load run that fails while its server stays healthy is a note; a server that stops answering
 * fails its environment.
 */
record LoadPhase(ComparisonState state, LoadStep loadStep) {

    /** Wall-clock seconds of one load run, for the estimate: warm-up, measurement and the JVM's start. */
    static double secondsPerRun(Profile profile) {
        return profile.loadDuration().toSeconds() + profile.loadWarmup().toSeconds() + 2;
    }

    void run() {
        Profile profile = state.profile();
        Map<String, Double> closedRates = new LinkedHashMap<>();
        for (LoadMode mode : List.of(LoadMode.CLOSED, LoadMode.OPEN)) {
            for (EnvironmentUnderTest env : state.envs) {
                if (!env.running() || state.stopping()) {
                    continue;
                }
                state.phase = mode.csvName() + "-loop load on " + env.label;
                state.turn(env);
                double rate = Double.NaN;
                if (mode == LoadMode.OPEN) {
                    Double reference = closedRates.getOrDefault(ComparisonState.REFERENCE,
                            closedRates.values().stream().findFirst().orElse(null));
                    if (reference == null || !(reference > 0)) {
                        state.note("open-loop load on " + env.label + " left out: no closed-loop rate to derive it "
                                + "from");
                        continue;
                    }
                    rate = reference * profile.openLoopShare();
                }
                if (!drive(env, mode, rate, closedRates)) {
                    return;
                }
                state.progress.advance(secondsPerRun(profile), state.phase);
            }
        }
    }

    /** One load run; false when interrupted. */
    private boolean drive(EnvironmentUnderTest env, LoadMode mode, double rate, Map<String, Double> closedRates) {
        Profile profile = state.profile();
        try {
            LatencyRow row = loadStep.run(new LoadStep.Request(env.label, env.started.baseUri(),
                    profile.loadKernel(), profile.loadSize(), mode, rate, connections(env), profile.loadDuration(),
                    profile.loadWarmup(), state.settings.loadCpuset()));
            state.record(row);
            if (mode == LoadMode.CLOSED && row.durationSeconds() > 0) {
                // Only answered requests count: a 503 is quick and would inflate the rate bare sustains.
                closedRates.put(env.label, row.answeredRate());
            }
        } catch (IOException | RuntimeException e) {
            if (!state.stopping()) {
                if (env.client.healthy()) {
                    state.note("FAILED " + mode.csvName() + "-loop load on " + env.label + ": "
                            + ComparisonState.message(e));
                } else {
                    state.fail(env, "stopped answering during " + state.phase + ": " + ComparisonState.message(e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /**
     * Closed-loop connections: the profile's, but no more than the server's run permits (one per CPU of the
     * budget), since serve answers 503 at once instead of queueing and the run would measure rejections.
     */
    private int connections(EnvironmentUnderTest env) {
        int permits = (int) Math.max(1, Math.ceil(env.budget.cpus() > 0 ? env.budget.cpus()
                : Runtime.getRuntime().availableProcessors()));
        return Math.min(state.profile().loadConnections(), permits);
    }
}
