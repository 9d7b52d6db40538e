package org.envbench.http.compare;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.envbench.http.results.KernelRow;
import org.envbench.http.wire.RunAnswer;

/**
 * The {@code /run} calls of a comparison: iterations per run for every kernel size (the profile's, unless warm-up
 * stretched them) and, in warm-up, the server-side time per iteration that stretching and the estimate use. A
 * refused kernel size is left out for that environment with a note; any other failure fails the environment.
 */
final class KernelRuns {

    private final ComparisonState state;
    /** Kernel iterations per {@code /run}, by "kernel size"; the profile's unless stretched after warm-up. */
    private final Map<String, Integer> iterationsByPoint = new HashMap<>();

    KernelRuns(ComparisonState state) {
        this.state = state;
    }

    void stretch(String kernel, long size, int iterations) {
        iterationsByPoint.put(kernel + " " + size, iterations);
    }

    Map<String, Integer> stretched() {
        return iterationsByPoint;
    }

    /** An untimed run; the server-side seconds per iteration it took, or NaN when it gave none. */
    double warmUp(EnvironmentUnderTest env, String kernel, long size) {
        RunAnswer answer = call(env, kernel, size);
        return answer == null ? Double.NaN : answer.durationNanos() / 1e9 / answer.iterations();
    }

    /** A measured run as its kernels.csv row, not yet recorded (its turn's interference comes later); null when it gave no sample. */
    KernelRow measure(EnvironmentUnderTest env, String kernel, long size, KernelRow.Position position) {
        RunAnswer answer = call(env, kernel, size);
        return answer == null ? null : KernelRow.http(env.label, answer, position);
    }

    private RunAnswer call(EnvironmentUnderTest env, String kernel, long size) {
        String point = kernel + " " + size;
        if (env.refusedPoints.contains(point)) {
            return null;
        }
        try {
            return env.client.run(kernel, size, iterationsByPoint.getOrDefault(point, state.profile().iterations()));
        } catch (ServerClient.RunRefusedException e) {
            env.refusedPoints.add(point);
            state.note(env.label + ": " + kernel + " at size " + size + " refused, left out: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            state.fail(env, "failed during " + state.phase + " on " + kernel + " size " + size + ": "
                    + ComparisonState.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
