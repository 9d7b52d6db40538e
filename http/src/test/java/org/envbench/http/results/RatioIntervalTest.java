package org.envbench.http.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RatioIntervalTest {

    @Test
    void exactHalfWithoutNoiseHasADegenerateInterval() {
        RatioInterval r = RatioInterval.of(List.of(50.0, 50.0, 50.0), List.of(100.0, 100.0, 100.0));
        assertEquals(0.5, r.ratio(), 0.0);
        assertEquals(0.5, r.low(), 0.0);
        assertEquals(0.5, r.high(), 0.0);
        assertTrue(r.excludesOne());
    }

    @Test
    void overlappingSamplesGiveAnIntervalThatIncludesOne() {
        RatioInterval r = RatioInterval.of(List.of(98.0, 103.0, 100.0, 97.0, 102.0),
                List.of(101.0, 99.0, 100.0, 103.0, 97.0));
        assertTrue(r.low() < 1.0 && r.high() > 1.0, r.toString());
        assertFalse(r.excludesOne());
    }

    @Test
    void lowerIsBetterIsInvertedSoThatBelowOneIsSlower() {
        RatioInterval r = RatioInterval.of(List.of(200.0, 200.0), List.of(100.0, 100.0), false);
        assertEquals(0.5, r.ratio(), 0.0);
    }

    @Test
    void unitsSayWhichWayIsBetter() {
        assertTrue(RatioInterval.higherIsBetter("MB/s"));
        assertFalse(RatioInterval.higherIsBetter("ns/load"));
        assertFalse(RatioInterval.higherIsBetter("us/op"), "an unknown time per unit of work");
        assertEquals(0.5, RatioInterval.relative(List.of(200.0), List.of(100.0), "ns/load").ratio(), 0.0);
    }

    @Test
    void missingReferenceGivesNoRatio() {
        assertTrue(Double.isNaN(RatioInterval.of(List.of(1.0), List.of()).ratio()));
    }
}
