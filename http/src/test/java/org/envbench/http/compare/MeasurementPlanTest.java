package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.envbench.http.compare.MeasurementPlan.Turn;
import org.junit.jupiter.api.Test;

class MeasurementPlanTest {

    @Test
    void everyRoundRunsEveryKernelSizeInEveryEnvironmentInTurn() {
        Map<String, List<Long>> sizes = new LinkedHashMap<>();
        sizes.put("sha256", List.of(1024L, 4096L));
        sizes.put("latency", List.of(64L));

        MeasurementPlan plan = MeasurementPlan.interleaved(sizes, List.of("bare", "container"), 2, 3);

        assertEquals(12, plan.turns().size());
        assertEquals(List.of(new Turn(1, "sha256", 1024, "bare", 3), new Turn(1, "sha256", 1024, "container", 3),
                new Turn(1, "sha256", 4096, "bare", 3), new Turn(1, "sha256", 4096, "container", 3),
                new Turn(1, "latency", 64, "bare", 3), new Turn(1, "latency", 64, "container", 3)),
                plan.turns().subList(0, 6));
        assertEquals(plan.turns().subList(0, 6).stream().map(t -> new Turn(2, t.kernel(), t.size(), t.env(), 3))
                .toList(), plan.turns().subList(6, 12), "the second round repeats the first");
    }
}
