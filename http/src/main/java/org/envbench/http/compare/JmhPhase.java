package org.envbench.http.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The JMH suite in every environment up, each in its turn: JMH's JSON is kept whole as {@code jmh-<env>.json} and
 * its aggregates join kernels.csv with {@code source=jmh}. A failed suite is a note; the environment goes on.
 */
record JmhPhase(ComparisonState state) {

    private static final Duration TIMEOUT = Duration.ofHours(2);

    void run() {
        for (EnvironmentUnderTest env : state.envs) {
            if (!env.running() || state.stopping()) {
                continue;
            }
            state.phase = "JMH in " + env.label;
            state.turn(env);
            state.err.println("compare: running the JMH suite in " + env.label + " ("
                    + String.join(" ", state.profile().jmhArgs()) + ")");
            if (!runSuite(env)) {
                return;
            }
        }
    }

    /** False when interrupted. */
    private boolean runSuite(EnvironmentUnderTest env) {
        Path target = state.settings.outDir().resolve("jmh-" + env.label + ".json");
        Path temp = state.settings.outDir().resolve(".jmh-" + env.label + ".json.tmp");
        try {
            Files.deleteIfExists(temp);
            env.environment.runJmh(env.budget, state.profile().jmhArgs(), temp, TIMEOUT);
            var rows = JmhRows.read(env.label, temp);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            state.recordAll(rows);
        } catch (IOException | RuntimeException e) {
            if (!state.stopping()) {
                state.note("FAILED JMH in " + env.label + ": " + ComparisonState.message(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                state.note("could not remove " + temp + ": " + e.getMessage());
            }
        }
        return true;
    }
}
