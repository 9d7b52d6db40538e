package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CpuPlanTest {

    @Test
    void twoCoresOneCpuPinsServerToCpuOneAndLoadToCpuZero() {
        CpuPlan plan = CpuPlan.of(1, List.of(0, 1));
        assertEquals("1", plan.serverCpuset());
        assertEquals("0", plan.loadCpuset());
        assertTrue(plan.note().contains("server pinned to CPU 1"), plan.note());
    }

    @Test
    void fractionalBudgetRoundsUpForPinning() {
        CpuPlan plan = CpuPlan.of(1.5, List.of(0, 1, 2, 3));
        assertEquals("2,3", plan.serverCpuset());
        assertEquals("0,1", plan.loadCpuset());
    }

    @Test
    void noSpareCpuMeansNoPinningAndSaysSo() {
        CpuPlan plan = CpuPlan.of(2, List.of(0, 1));
        assertNull(plan.serverCpuset());
        assertNull(plan.loadCpuset());
        assertTrue(plan.note().contains("may share"), plan.note());
    }

    @Test
    void parsesKernelCpuLists() {
        assertEquals(List.of(0, 1, 2, 3, 6), CpuPlan.parseList("0-3,6"));
    }
}
