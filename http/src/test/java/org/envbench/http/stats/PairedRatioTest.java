package org.envbench.http.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.envbench.http.stats.PairedRatio.Ratio;
import org.envbench.http.stats.PairedRatio.Run;
import org.junit.jupiter.api.Test;

/** Fixtures with answers known in closed form. */
class PairedRatioTest {

    /** One run per side and block: env = factor x reference in every block, the reference at {@code speeds}. */
    private static List<List<Run>> blocks(int forks, double[] speeds, double factor) {
        List<Run> env = new ArrayList<>();
        List<Run> ref = new ArrayList<>();
        for (int fork = 1; fork <= forks; fork++) {
            for (int block = 1; block <= speeds.length; block++) {
                ref.add(new Run(fork, block, speeds[block - 1]));
                env.add(new Run(fork, block, speeds[block - 1] * factor));
            }
        }
        return List.of(env, ref);
    }

    @Test
    void noNoiseGivesTheExactRatioAndAnIntervalOfZeroWidth() {
        List<List<Run>> runs = blocks(2, new double[] {100, 100, 100}, 0.5);
        Ratio ratio = PairedRatio.of(runs.get(0), runs.get(1), true);
        assertEquals(0.5, ratio.ratio(), 1e-12);
        assertEquals(0.5, ratio.low(), 1e-12);
        assertEquals(0.5, ratio.high(), 1e-12);
        assertEquals(2, ratio.forks());
        assertEquals(6, ratio.blocks());
        assertTrue(ratio.excludesOne());
    }

    @Test
    void driftThatMovesBothSidesOfABlockAlikeCancels() {
        // The machine halves its speed between blocks; the environment is always 0.9 of the reference.
        List<List<Run>> runs = blocks(3, new double[] {100, 50, 200, 25}, 0.9);
        Ratio ratio = PairedRatio.of(runs.get(0), runs.get(1), true);
        assertEquals(0.9, ratio.ratio(), 1e-12);
        assertEquals(0.9, ratio.low(), 1e-12);
        assertEquals(0.9, ratio.high(), 1e-12);
    }

    @Test
    void lowerIsBetterIsInvertedSoThatBelowOneIsSlower() {
        List<List<Run>> runs = blocks(1, new double[] {10, 10}, 2.0);
        assertEquals(0.5, PairedRatio.of(runs.get(0), runs.get(1), false).ratio(), 1e-12);
    }

    @Test
    void withManyForksOfOneBlockTheIntervalIsTheForkLevelTInterval() {
        // More forks than repetitions: six forks, one block each; the fork log ratios are known.
        double[] logs = {0.00, 0.01, -0.01, 0.02, 0.03, -0.02};
        List<Run> env = new ArrayList<>();
        List<Run> ref = new ArrayList<>();
        for (int fork = 0; fork < logs.length; fork++) {
            ref.add(new Run(fork, 1, 100));
            env.add(new Run(fork, 1, 100 * Math.exp(logs[fork])));
        }
        Ratio ratio = PairedRatio.of(env, ref, true);
        // The percentile bootstrap of six values is narrower than t with 5 degrees of freedom: t decides.
        assertTInterval(ratio, logs, 2.571);
        assertEquals(6, ratio.forks());
    }

    @Test
    void twoForksThatDisagreeGetTheWideIntervalTwoForksDeserve() {
        // Block ratios agree within each fork, the forks differ by 2%: the bootstrap alone would give [1.00, 1.02].
        List<Run> env = new ArrayList<>();
        List<Run> ref = new ArrayList<>();
        for (int block = 1; block <= 4; block++) {
            ref.add(new Run(1, block, 100));
            env.add(new Run(1, block, 100));
            ref.add(new Run(2, block, 100));
            env.add(new Run(2, block, 100 * Math.exp(0.02)));
        }
        Ratio ratio = PairedRatio.of(env, ref, true);
        assertEquals(Math.exp(0.01), ratio.ratio(), 1e-12);
        assertEquals(Math.exp(0.01 - 12.706 * 0.01), ratio.low(), 1e-9);
        assertEquals(Math.exp(0.01 + 12.706 * 0.01), ratio.high(), 1e-9);
        assertFalse(ratio.excludesOne());
    }

    @Test
    void oneForkTakesTheTIntervalOverItsBlocks() {
        List<Run> env = new ArrayList<>();
        List<Run> ref = new ArrayList<>();
        double[] blockRatios = {0.9, 1.0, 1.1, 1.0};
        double[] logs = new double[blockRatios.length];
        for (int block = 1; block <= blockRatios.length; block++) {
            ref.add(new Run(1, block, 100));
            env.add(new Run(1, block, 100 * blockRatios[block - 1]));
            logs[block - 1] = Math.log(blockRatios[block - 1]);
        }
        Ratio ratio = PairedRatio.of(env, ref, true);
        assertTInterval(ratio, logs, 3.182);
        assertEquals(1, ratio.forks());
    }

    @Test
    void twoBlocksThatAgreeByChanceStillGetAWideInterval() {
        // One fork, two rounds: the percentile bootstrap of two close values is nearly a point; t(1) is not.
        List<Run> ref = List.of(new Run(1, 1, 100), new Run(1, 2, 100));
        List<Run> env = List.of(new Run(1, 1, 97.9), new Run(1, 2, 98.0));
        Ratio ratio = PairedRatio.of(env, ref, true);
        assertTrue(ratio.high() - ratio.low() > 0.01, ratio.toString());
    }

    @Test
    void aForkThatFailedIsLeftOutAsIfItHadNeverRun() {
        List<Run> env = new ArrayList<>();
        List<Run> ref = new ArrayList<>();
        List<Run> envWithout = new ArrayList<>();
        List<Run> refWithout = new ArrayList<>();
        double[][] ratios = {{0.95, 1.02, 0.99}, {1.3, 1.4, 1.2}, {1.01, 0.97, 1.03}};
        for (int fork = 1; fork <= 3; fork++) {
            for (int block = 1; block <= 3; block++) {
                Run r = new Run(fork, block, 100 + block);
                Run e = new Run(fork, block, (100 + block) * ratios[fork - 1][block - 1]);
                ref.add(r);
                if (fork != 2) {
                    env.add(e);    // the environment's second fork failed before its first run
                    envWithout.add(e);
                    refWithout.add(r);
                }
            }
        }
        assertEquals(PairedRatio.of(envWithout, refWithout, true), PairedRatio.of(env, ref, true));
        assertEquals(2, PairedRatio.of(env, ref, true).forks());
    }

    @Test
    void aBlockWithoutItsPartnerIsLeftOut() {
        List<Run> ref = List.of(new Run(1, 1, 100), new Run(1, 2, 100));
        List<Run> env = List.of(new Run(1, 1, 80), new Run(1, 2, 80), new Run(1, 3, 10));
        Ratio ratio = PairedRatio.of(env, ref, true);
        assertEquals(0.8, ratio.ratio(), 1e-12);
        assertEquals(2, ratio.blocks());
    }

    @Test
    void noCommonBlockGivesNoRatio() {
        assertTrue(Double.isNaN(PairedRatio.of(List.of(new Run(1, 1, 5)), List.of(), true).ratio()));
    }

    @Test
    void withinForkCvIgnoresTheDifferenceBetweenForks() {
        List<Run> runs = List.of(new Run(1, 1, 90), new Run(1, 2, 110), new Run(2, 1, 180), new Run(2, 2, 220));
        // Within-fork deviations: +-10 and +-20, pooled sd sqrt((200 + 800) / 2), over the grand mean 150.
        assertEquals(Math.sqrt(500) / 150, PairedRatio.withinForkCv(runs), 1e-12);
    }

    /** The ratio is exp of the logs' mean, its interval exp(mean +- t * sd / sqrt(n)) with {@code t} for n - 1 df. */
    private static void assertTInterval(Ratio ratio, double[] logs, double t) {
        double mean = ForkedEstimate.mean(logs);
        double half = t * ForkedEstimate.standardDeviation(logs) / Math.sqrt(logs.length);
        assertEquals(Math.exp(mean), ratio.ratio(), 1e-12);
        assertEquals(Math.exp(mean - half), ratio.low(), 1e-12);
        assertEquals(Math.exp(mean + half), ratio.high(), 1e-12);
    }
}
