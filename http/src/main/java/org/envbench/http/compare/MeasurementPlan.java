package org.envbench.http.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which environment runs which kernel and size, in which order, during the measured rounds. Each round runs every
 * kernel and size in every environment in turn (bare, container, vm, bare, ...), so that drift of a shared machine
 * hits all alike; a turn is {@code repetitions} consecutive {@code /run} calls. Pure: a value built from the
 * profile and the environments' labels.
 */
record MeasurementPlan(List<Turn> turns) {

    /** One environment's consecutive {@code /run} calls of one kernel size in one round. */
    record Turn(int round, String kernel, long size, String env, int repetitions) {
    }

    /** Rounds of every kernel size (in the profile's order) in every environment (in the given order). */
    static MeasurementPlan interleaved(Map<String, List<Long>> sizes, List<String> envs, int rounds,
                                       int repetitions) {
        List<Turn> turns = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, List<Long>> kernel : sizes.entrySet()) {
                for (long size : kernel.getValue()) {
                    for (String env : envs) {
                        turns.add(new Turn(round, kernel.getKey(), size, env, repetitions));
                    }
                }
            }
        }
        return new MeasurementPlan(List.copyOf(turns));
    }
}
