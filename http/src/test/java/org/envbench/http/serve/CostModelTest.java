package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

/** What the server learns of a kernel's cost: the fastest per size, the nearest size below, bounded memory. */
class CostModelTest {

    private final FakeKernel kernel = FakeKernel.sum();

    @Test
    void aSlowMeasurementDoesNotReplaceAFastOne() {
        CostModel costs = new CostModel();
        costs.record(kernel, 1000, 2.0);
        costs.record(kernel, 1000, 50.0);
        assertEquals(OptionalDouble.of(2.0), costs.nanosPerWork(kernel, 1000));
        costs.record(kernel, 1000, 1.5);
        assertEquals(OptionalDouble.of(1.5), costs.nanosPerWork(kernel, 1000));
    }

    @Test
    void aSizeUsesTheNearestMeasuredAtOrBelowIt() {
        CostModel costs = new CostModel();
        assertTrue(costs.nanosPerWork(kernel, 10).isEmpty());
        costs.record(kernel, 100, 1.0);
        costs.record(kernel, 10_000, 3.0);
        assertEquals(OptionalDouble.of(1.0), costs.nanosPerWork(kernel, 9_999));
        assertEquals(OptionalDouble.of(3.0), costs.nanosPerWork(kernel, 1_000_000));
        assertEquals(OptionalDouble.of(1.0), costs.nanosPerWork(kernel, 10), "below every size: the smallest");
    }

    @Test
    void manySizesKeepAtMostTheLimitAndStillAnswer() {
        CostModel costs = new CostModel();
        for (long size = 1; size <= 10 * CostModel.MAX_SIZES_PER_KERNEL; size++) {
            costs.record(kernel, size, size);
        }
        int kept = 0;
        for (long size = 1; size <= 10 * CostModel.MAX_SIZES_PER_KERNEL; size++) {
            if (costs.nanosPerWork(kernel, size).getAsDouble() == size) {
                kept++;
            }
        }
        assertTrue(kept <= CostModel.MAX_SIZES_PER_KERNEL, kept + " sizes kept");
        assertTrue(costs.nanosPerWork(kernel, 1_000_000).isPresent());
    }

    @Test
    void calibrationTimesAKernelAtItsDefaultSizeOnlyWhenNothingIsKnown() {
        CostModel costs = new CostModel();
        costs.calibrate(kernel, FakeKernel.MAX_SIZE);
        OptionalDouble measured = costs.nanosPerWork(kernel, FakeKernel.DEFAULT_SIZE);
        assertTrue(measured.isPresent() && measured.getAsDouble() > 0);
        assertFalse(costs.measuredInRuns(kernel), "a calibration is a cold estimate, not a run's");

        CostModel known = new CostModel();
        known.record(kernel, 5, 99.0);
        known.calibrate(kernel, FakeKernel.MAX_SIZE);
        assertEquals(OptionalDouble.of(99.0), known.nanosPerWork(kernel, FakeKernel.MAX_SIZE));
        assertTrue(known.measuredInRuns(kernel));
    }
}
