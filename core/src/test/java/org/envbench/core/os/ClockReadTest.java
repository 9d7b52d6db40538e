package org.envbench.core.os;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;

class ClockReadTest {

    @Test
    void theClockNeverGoesBackwardsAndSpansTheRun() {
        ClockRead.Readings readings = (ClockRead.Readings) new ClockRead().prepare(100_000);
        long before = System.nanoTime();
        long span = readings.run();
        long elapsed = System.nanoTime() - before;
        readings.verify(span);
        assertTrue(span >= 0 && span <= elapsed, "span " + span + " ns within " + elapsed + " ns");
    }

    @Test
    void aStepBackwardsIsCaught() {
        ClockRead.Readings readings = (ClockRead.Readings) new ClockRead().prepare(1000);
        long span = readings.run();
        readings.backwardSteps = 1;
        VerificationException e = assertThrows(VerificationException.class, () -> readings.verify(span));
        assertTrue(e.getMessage().contains("went backwards"), e.getMessage());
    }

    @Test
    void aWrongSpanIsCaught() {
        ClockRead.Readings readings = (ClockRead.Readings) new ClockRead().prepare(1000);
        long span = readings.run();
        assertThrows(VerificationException.class, () -> readings.verify(span + 1));
        assertThrows(VerificationException.class, () -> new ClockRead().prepare(10).verify(0));
    }
}
