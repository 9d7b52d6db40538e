package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.envbench.http.compare.WarmupPolicy.Verdict;
import org.junit.jupiter.api.Test;

/** The warm-up and stretching rules on known sequences of times per iteration. */
class WarmupPolicyTest {

    /** The verdicts for {@code seconds} per iteration, one run a second. */
    private static List<Verdict> verdicts(int minRuns, double... seconds) {
        WarmupPolicy policy = new WarmupPolicy(minRuns);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            Verdict verdict = policy.after(seconds[i], i + 1);
            verdicts.add(verdict);
            if (verdict != Verdict.CONTINUE) {
                break;
            }
        }
        return verdicts;
    }

    @Test
    void settlesAtTheFirstRunNoFasterThanTheBestOnceTheMinimumIsDone() {
        assertEquals(List.of(Verdict.CONTINUE, Verdict.CONTINUE, Verdict.CONTINUE, Verdict.SETTLED),
                verdicts(2, 10, 8, 6, 6.1));
    }

    @Test
    void aRunWithinTheToleranceOfTheBestCountsAsNoFaster() {
        assertEquals(List.of(Verdict.CONTINUE, Verdict.SETTLED), verdicts(2, 10, 9.8));
    }

    @Test
    void theProfilesMinimumComesFirstEvenWhenTheRunsAreFlat() {
        assertEquals(List.of(Verdict.CONTINUE, Verdict.CONTINUE, Verdict.SETTLED), verdicts(3, 5, 5, 5));
    }

    @Test
    void runsThatKeepGettingFasterEndAtTheRunLimit() {
        double[] faster = new double[20];
        for (int i = 0; i < faster.length; i++) {
            faster[i] = 100 - 5 * i;
        }
        List<Verdict> verdicts = verdicts(2, faster);
        assertEquals(WarmupPolicy.MAX_RUNS, verdicts.size());
        assertEquals(Verdict.LIMIT, verdicts.get(verdicts.size() - 1));
    }

    @Test
    void theTimeLimitEndsAWarmUpThatIsStillGettingFaster() {
        WarmupPolicy policy = new WarmupPolicy(2);
        assertEquals(Verdict.CONTINUE, policy.after(10, 1));
        assertEquals(Verdict.LIMIT, policy.after(5, WarmupPolicy.MAX_SECONDS + 1));
        assertEquals(5, policy.bestSecondsPerIteration(), 0.0);
    }

    @Test
    void stretchingReachesTheMinimumRunTimeWithinServesLimit() {
        assertEquals(50, WarmupPolicy.stretchedIterations(0.001, 0.05, 3, 1000));
        assertEquals(3, WarmupPolicy.stretchedIterations(0.1, 0.05, 3, 1000), "never fewer than the profile's");
        assertEquals(1000, WarmupPolicy.stretchedIterations(1e-6, 0.05, 3, 1000), "never more than serve takes");
        assertEquals(65_536, WarmupPolicy.wantedIterations(Math.scalb(1.0, -20), 0.0625, 3));
    }
}
