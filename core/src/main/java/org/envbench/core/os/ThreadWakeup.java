package org.envbench.core.os;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Operations;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * Hand-offs between two threads that park and wake each other: µs per round trip (two wake-ups). The thread
 * that runs the workload and a partner thread pass a baton, a counter only the holder advances; the one
 * without it parks ({@code futex} wait) until the other unparks it ({@code futex} wake). With a CPU each,
 * a wake-up is a scheduler decision and, in a guest, an inter-processor interrupt. Verification: the baton
 * advanced by exactly two per round trip and the partner counted every one.
 */
public final class ThreadWakeup extends AbstractKernel {

    private static final KernelSpec SPEC = KernelSpec.of("thread-wakeup", Resource.OS,
                    ScoreUnit.MICROS_PER_OPERATION, "round trips between two threads that park and wake each other")
            .sizes(1, 5_000, 10_000_000)
            .memoryBytes(size -> 64 * 1024);

    /** A parked side looks after this long whether the other side is still alive. */
    static final long PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    public ThreadWakeup() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        return new HandOffs(size);
    }

    static final class HandOffs extends Operations {
        private final long roundTrips;
        private final Thread partner;
        private volatile long baton;
        private volatile long received;
        private volatile Thread caller;
        private volatile boolean stopped;
        private long batonMoved;
        long receivedBefore;
        long receivedAfter;

        HandOffs(long roundTrips) {
            super("thread-wakeup", roundTrips);
            this.roundTrips = roundTrips;
            partner = new Thread(this::partner, "envbench-thread-wakeup-partner");
            partner.setDaemon(true);
            partner.start();
        }

        /** Odd batons are the partner's: it makes them even, counts the round trip and wakes the caller. */
        private void partner() {
            long expected = 1;
            while (true) {
                while (baton != expected) {
                    if (stopped) {
                        return;
                    }
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
                received++;
                baton = expected + 1;
                LockSupport.unpark(caller);
                expected += 2;
            }
        }

        @Override
        protected long operate() {
            caller = Thread.currentThread();
            long start = baton;
            long before = received;
            long next = start;
            for (long i = 0; i < roundTrips; i++) {
                baton = next + 1;
                LockSupport.unpark(partner);
                next += 2;
                while (baton != next) {
                    LockSupport.parkNanos(this, PARK_NANOS);
                    if (baton != next && !partner.isAlive()) {
                        throw new IllegalStateException("thread-wakeup: the partner thread died");
                    }
                }
            }
            receivedBefore = before;
            receivedAfter = received;
            batonMoved = baton - start;
            return batonMoved;
        }

        @Override
        protected void check(long checksum) {
            if (checksum != 2 * roundTrips || batonMoved != checksum) {
                throw new VerificationException("thread-wakeup: " + roundTrips + " round trips must move the baton by "
                        + 2 * roundTrips + ", it moved by " + checksum);
            }
            if (receivedAfter - receivedBefore != roundTrips) {
                throw new VerificationException("thread-wakeup: the partner counted " + (receivedAfter - receivedBefore)
                        + " hand-offs, not " + roundTrips);
            }
        }

        @Override
        public void close() {
            stopped = true;
            LockSupport.unpark(partner);
            try {
                partner.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
