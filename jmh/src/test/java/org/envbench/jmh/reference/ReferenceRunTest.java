package org.envbench.jmh.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;
import org.junit.jupiter.api.Test;

class ReferenceRunTest {

    /** A workload that spins at least 1 ms per run and counts its runs and verifications. */
    private static Workload spinning(AtomicInteger runs, AtomicInteger verified, boolean wrong) {
        return new Workload() {
            @Override
            public long run() {
                runs.incrementAndGet();
                long end = System.nanoTime() + 1_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                return 42;
            }

            @Override
            public void verify(long checksum) {
                verified.incrementAndGet();
                if (wrong || checksum != 42) {
                    throw new VerificationException("wrong on purpose");
                }
            }

            @Override
            public double workPerRun() {
                return 1000;
            }
        };
    }

    @Test
    void theBestPassIsTheHighestRateOrTheLowestLatency() {
        double[] scores = {3.0, 1.0, 2.0};
        assertEquals(3.0, ReferenceRun.best(scores, true));
        assertEquals(1.0, ReferenceRun.best(scores, false));
        assertEquals(3.0, scores[0], "the caller's scores stay in pass order");
    }

    @Test
    void everyRunIsVerified() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger verified = new AtomicInteger();
        Kernel latency = Kernels.byName("latency");
        // at least one warm-up run, then 3 passes of at least one run each
        double nanosPerLoad = ReferenceRun.measure(latency, spinning(runs, verified, false), 3, 3_000_000L, 0);
        assertTrue(runs.get() >= 1 + 3, runs.get() + " runs");
        assertEquals(runs.get(), verified.get());
        // a run spins at least 1 ms for 1000 loads: never under 1000 ns per load
        assertTrue(nanosPerLoad >= 1000, "ns per load " + nanosPerLoad);
    }

    @Test
    void aWrongResultIsNeverAScore() {
        assertThrows(VerificationException.class, () -> ReferenceRun.measure(Kernels.byName("stream-triad"),
                spinning(new AtomicInteger(), new AtomicInteger(), true), 3, 0, 0));
    }

    @Test
    void measuresARealKernel() {
        Kernel triad = Kernels.byName("stream-triad");
        assertTrue(ReferenceRun.measure(triad, triad.prepare(10_000), 3, 1_000_000, 0) > 0);
    }
}
