package org.envbench.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.envbench.core.KernelRunner;
import org.envbench.core.RunResult;
import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;

class AllocationChurnTest {

    @Test
    void theChecksumMatchesASlowSum() {
        for (long objects : new long[] {21, 64, 65, 1000}) {
            long sum = 0;
            for (long i = 0; i < objects; i++) {
                sum += i + (i + 1) + (i + 2) + (i + 3);
            }
            assertEquals(sum, AllocationChurn.expectedChecksum(objects), "objects " + objects);
            AllocationChurn.Churn churn = new AllocationChurn.Churn(objects);
            assertEquals(sum, churn.run());
        }
    }

    @Test
    void aRunVerifiesAndReallyAllocates() {
        AllocationChurn.Churn churn = (AllocationChurn.Churn) new AllocationChurn().prepare(4L << 20);
        for (int round = 0; round < 5; round++) {
            churn.verify(churn.run());
        }
        assertTrue(churn.allocatedBytesLastRun >= 0, "this JVM counts allocated bytes per thread");
        assertTrue(churn.allocatedBytesLastRun >= 0.9 * churn.workPerRun(),
                churn.allocatedBytesLastRun + " bytes allocated for " + churn.workPerRun() + " claimed");
        assertEquals((4L << 20) / 48 * 48, churn.workPerRun());
    }

    @Test
    void aWrongChecksumIsCaught() {
        AllocationChurn.Churn churn = (AllocationChurn.Churn) new AllocationChurn().prepare(48_000);
        long checksum = churn.run();
        churn.verify(checksum);
        assertThrows(VerificationException.class, () -> churn.verify(checksum + 1));
    }

    @Test
    void eliminatedAllocationsAreCaught() {
        AllocationChurn.Churn churn = (AllocationChurn.Churn) new AllocationChurn().prepare(48_000);
        long checksum = churn.run();
        churn.allocatedBytesLastRun = 0; // what a run whose arrays were scalar-replaced would measure
        VerificationException e = assertThrows(VerificationException.class, () -> churn.verify(checksum));
        assertTrue(e.getMessage().contains("48000"), e.getMessage());

        AllocationChurn.checkAllocated(48_000, 43_200);
        assertThrows(VerificationException.class, () -> AllocationChurn.checkAllocated(48_000, 43_199));
    }

    @Test
    void theRunnerScoresGigabytesPerSecond() {
        RunResult result = KernelRunner.run(new AllocationChurn(), 1 << 20, 3);
        assertEquals("GB/s", result.unit());
        assertTrue(result.score() > 0);
    }
}
