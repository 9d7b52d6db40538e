package org.envbench.http.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.envbench.http.wire.RunAnswer;
import org.junit.jupiter.api.Test;

class RatioIntervalTest {

    @Test
    void unitsSayWhichWayIsBetter() {
        assertTrue(RatioInterval.higherIsBetter("MB/s"));
        assertFalse(RatioInterval.higherIsBetter("ns/load"));
        assertFalse(RatioInterval.higherIsBetter("ns/op"));
        assertFalse(RatioInterval.higherIsBetter("µs/op"));
        assertFalse(RatioInterval.higherIsBetter("us/op"), "an unknown time per unit of work");
    }

    @Test
    void anIntervalThatLeavesOutOneIsAClearDifference() {
        assertTrue(new RatioInterval(0.9, 0.85, 0.95).excludesOne());
        assertFalse(new RatioInterval(0.99, 0.95, 1.02).excludesOne());
        assertEquals(0.05 / 0.9, new RatioInterval(0.9, 0.85, 0.92).relativeHalfWidth(), 1e-12);
    }

    /** One row per run: two forks, two rounds, two repetitions, the container at half bare's speed. */
    private static List<KernelRow> rows(double containerFactor, double noise, double outside) {
        List<KernelRow> rows = new ArrayList<>();
        int n = 0;
        for (int fork = 1; fork <= 2; fork++) {
            for (int round = 1; round <= 2; round++) {
                for (int rep = 1; rep <= 2; rep++) {
                    double wobble = 1 + noise * (n++ % 2 == 0 ? 1 : -1);
                    for (String env : List.of("bare", "container")) {
                        double score = 100 * wobble * (env.equals("bare") ? 1 : containerFactor);
                        rows.add(KernelRow.http(env, new RunAnswer("primes", 1000, 10, 1_000_000, 1, true, score,
                                "numbers/s", 0L, 0L), new KernelRow.Position(fork, round, rep))
                                .withTurn(outside, 0.0));
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void theSummaryPairsRunsAndFlagsNoiseAndDisturbance() {
        List<SummaryRow> quiet = Summary.rows(rows(0.5, 0.001, 0.01), List.of("bare", "container"), "bare");
        SummaryRow container = quiet.get(1);
        assertEquals(0.5, container.ratioToBare(), 1e-9);
        assertEquals(2, container.forks());
        assertEquals(8, container.samples());
        assertTrue(container.clearDifference());
        assertFalse(container.unreliable());
        assertEquals(0.0, container.disturbedShare(), 0.0);
        assertEquals(1.0, quiet.get(0).ratioToBare(), 0.0);

        List<SummaryRow> noisy = Summary.rows(rows(1.0, 0.10, 0.30), List.of("bare", "container"), "bare");
        assertTrue(noisy.get(1).unreliable(), "a run-to-run CV of 10% is flagged: " + noisy.get(1));
        assertEquals(1.0, noisy.get(1).disturbedShare(), 0.0, "every turn had 30% of the machine elsewhere");
    }
}
