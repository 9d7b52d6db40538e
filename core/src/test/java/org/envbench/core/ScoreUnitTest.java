package org.envbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ScoreUnitTest {

    @Test
    void timePerOperationIsLowerIsBetterLikeLatency() {
        assertFalse(ScoreUnit.NANOS_PER_OPERATION.higherIsBetter());
        assertFalse(ScoreUnit.MICROS_PER_OPERATION.higherIsBetter());
        assertEquals(2000.0, ScoreUnit.NANOS_PER_OPERATION.score(1000, 2_000_000));
        assertEquals(2.0, ScoreUnit.MICROS_PER_OPERATION.score(1000, 2_000_000));
        assertEquals(2000.0, ScoreUnit.NANOS_PER_LOAD.score(1000, 2_000_000));
    }
}
