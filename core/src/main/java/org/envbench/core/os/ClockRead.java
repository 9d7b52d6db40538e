package org.envbench.core.os;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Operations;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * One {@code System.nanoTime()}: ns per reading. On Linux that is {@code clock_gettime(CLOCK_MONOTONIC)},
 * served by the vDSO without entering the kernel where the clock source allows it (TSC, kvm-clock) and by a
 * real system call where it does not, which is what a VM's clock source or a sandbox changes. A run takes
 * {@code size} readings back to back; verification requires that the clock never went backwards.
 */
public final class ClockRead extends AbstractKernel {

    private static final KernelSpec SPEC = KernelSpec.of("clock", Resource.OS, ScoreUnit.NANOS_PER_OPERATION,
                    "System.nanoTime() readings")
            .sizes(2, 1_000_000, 1_000_000_000)
            .memoryBytes(size -> 1024);

    public ClockRead() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        return new Readings(size);
    }

    static final class Readings extends Operations {
        private final long readings;
        long backwardSteps;
        long spanNanos;

        Readings(long readings) {
            super("clock", readings);
            this.readings = readings;
        }

        /** Returns the span from the first to the last reading; counts every reading below the one before. */
        @Override
        protected long operate() {
            long first = System.nanoTime();
            long previous = first;
            long backwards = 0;
            for (long i = 1; i < readings; i++) {
                long now = System.nanoTime();
                if (now < previous) {
                    backwards++;
                }
                previous = now;
            }
            backwardSteps = backwards;
            spanNanos = previous - first;
            return spanNanos;
        }

        @Override
        protected void check(long checksum) {
            if (backwardSteps > 0) {
                throw new VerificationException("clock: System.nanoTime() went backwards " + backwardSteps + " times in "
                        + readings + " readings; a monotonic clock never does");
            }
            if (checksum != spanNanos || spanNanos < 0) {
                throw new VerificationException("clock: the run returned a span of " + checksum + " ns but its readings"
                        + " span " + spanNanos + " ns");
            }
        }
    }
}
