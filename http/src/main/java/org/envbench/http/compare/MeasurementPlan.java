package org.envbench.http.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which environment runs which kernel and size, in which order, during the measured rounds of one fork. In every
 * round each kernel size runs in every environment in order and then in reverse order (bare, container, vm, vm,
 * container, bare: A B B A), so that each environment's two turns stand symmetrically around the same middle as
 * the reference's: a drift of the shared machine that is linear over the round moves both sides of every ratio
 * alike and cancels in it. A turn is {@code repetitions} consecutive {@code /run} calls. Pure: a value built from
 * the profile and the environments' labels.
 */
record MeasurementPlan(List<Turn> turns) {

    /**
     * One environment's consecutive {@code /run} calls of one kernel size, one of its two turns in a round.
     *
     * @param firstRepetition the repetition number of the first run (1 in the first turn of the round, one past
     *                        the first turn's runs in the second)
     */
    record Turn(int round, String kernel, long size, String env, int firstRepetition, int repetitions) {
    }

    /** A-B-B-A rounds of every kernel size (in the profile's order) over the environments (in the given order). */
    static MeasurementPlan paired(Map<String, List<Long>> sizes, List<String> envs, int rounds, int runsPerTurn) {
        List<Turn> turns = new ArrayList<>();
        List<String> reversed = new ArrayList<>(envs);
        java.util.Collections.reverse(reversed);
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, List<Long>> kernel : sizes.entrySet()) {
                for (long size : kernel.getValue()) {
                    for (String env : envs) {
                        turns.add(new Turn(round, kernel.getKey(), size, env, 1, runsPerTurn));
                    }
                    for (String env : reversed) {
                        turns.add(new Turn(round, kernel.getKey(), size, env, runsPerTurn + 1, runsPerTurn));
                    }
                }
            }
        }
        return new MeasurementPlan(List.copyOf(turns));
    }
}
