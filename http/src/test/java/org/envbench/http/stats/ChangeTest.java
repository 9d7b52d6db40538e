package org.envbench.http.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.envbench.http.stats.PairedRatio.Ratio;
import org.junit.jupiter.api.Test;

class ChangeTest {

    private static Ratio ratio(double value, double logHalfWidth) {
        return new Ratio(value, value * Math.exp(-logHalfWidth), value * Math.exp(logHalfWidth), 2, 6);
    }

    @Test
    void theSameFigureTwiceIsNoChangeAndItsIntervalIsBothWidthsInQuadrature() {
        Change change = Change.between(ratio(0.8, 0.03), ratio(0.8, 0.04));
        assertEquals(1.0, change.factor(), 1e-12);
        assertEquals(Math.exp(-0.05), change.low(), 1e-12);
        assertEquals(Math.exp(0.05), change.high(), 1e-12);
        assertFalse(change.clear());
        assertFalse(change.worseThan(0.05));
    }

    @Test
    void aClearHalvingIsFlaggedAndFailsAFivePercentGate() {
        Change change = Change.between(ratio(1.0, 0.01), ratio(0.5, 0.01));
        assertEquals(0.5, change.factor(), 1e-12);
        assertTrue(change.clear());
        assertTrue(change.worseThan(0.05));
        assertFalse(change.worseThan(0.6));
    }

    @Test
    void aClearImprovementIsFlaggedButNeverFailsTheGate() {
        Change change = Change.between(ratio(0.5, 0.01), ratio(1.0, 0.01));
        assertTrue(change.clear());
        assertFalse(change.worseThan(0.0));
    }

    @Test
    void aSlowdownWithinTheNoiseIsNotFlagged() {
        Change change = Change.between(ratio(1.0, 0.10), ratio(0.9, 0.10));
        assertFalse(change.clear());
        assertFalse(change.worseThan(0.05));
    }

    @Test
    void aMissingSideGivesNoChange() {
        assertTrue(Double.isNaN(Change.between(new Ratio(Double.NaN, Double.NaN, Double.NaN, 0, 0),
                ratio(1, 0.1)).factor()));
    }
}
