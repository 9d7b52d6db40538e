package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.envbench.http.compare.MeasurementPlan.Turn;
import org.junit.jupiter.api.Test;

class MeasurementPlanTest {

    @Test
    void everyRoundRunsEveryKernelSizeForwardThenBackward() {
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        sizes.put("sha256", List.of(1024L, 4096L));
        sizes.put("latency", List.of(64L));

        MeasurementPlan plan = MeasurementPlan.paired(sizes, List.of("bare", "container", "vm"), 2, 2);

        assertEquals(2 * 3 * 6, plan.turns().size());
        assertEquals(List.of(new Turn(1, "sha256", 1024, "bare", 1, 2), new Turn(1, "sha256", 1024, "container", 1, 2),
                new Turn(1, "sha256", 1024, "vm", 1, 2), new Turn(1, "sha256", 1024, "vm", 3, 2),
                new Turn(1, "sha256", 1024, "container", 3, 2), new Turn(1, "sha256", 1024, "bare", 3, 2)),
                plan.turns().subList(0, 6));
        assertEquals(plan.turns().subList(0, 18).stream()
                        .map(t -> new Turn(2, t.kernel(), t.size(), t.env(), t.firstRepetition(), t.repetitions()))
                        .toList(), plan.turns().subList(18, 36), "the second round repeats the first");
    }

    @Test
    void everyEnvironmentsTurnsCentreOnTheSameMomentSoThatLinearDriftCancels() {
        Map<String, List<Long>> sizes = Map.of("primes", List.of(1000L));
        List<Turn> turns = MeasurementPlan.paired(sizes, List.of("bare", "container", "gvisor", "vm"), 1, 1).turns();
        double centre = (turns.size() - 1) / 2.0;
        for (String env : List.of("bare", "container", "gvisor", "vm")) {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < turns.size(); i++) {
                if (turns.get(i).env().equals(env)) {
                    sum += i;
                    count++;
                }
            }
            assertEquals(2, count);
            assertEquals(centre, sum / count, 1e-12, env);
        }
    }
}
