package org.envbench.core.memory;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import com.sun.management.ThreadMXBean;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * Allocation of short-lived small objects: GB/s allocated. A run allocates size bytes as long[4] arrays
 * (48 bytes each, size rounded down to a multiple of 48) that stay reachable briefly in a small ring, and
 * verification checks both their contents and, where the JVM counts them, the bytes the thread really
 * allocated, so that allocations the JIT eliminated cannot pass for speed.
 */
public final class AllocationChurn extends AbstractKernel {

    /**
     * Bytes one long[4] takes with compressed class pointers (16 header + 32 data); without them it takes
     * 56, so the bytes really allocated are then more than the score counts, never fewer.
     */
    static final long OBJECT_BYTES = 48;
    /** How many objects stay reachable at once: enough to defeat escape analysis, few enough to die young. */
    static final int RING_SIZE = 64;
    static final double MIN_ALLOCATED_FRACTION = 0.9;

    private static final ThreadMXBean THREADS = threads();
    private static final boolean ALLOCATION_COUNTER = THREADS != null;

    private static ThreadMXBean threads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof ThreadMXBean threads && threads.isThreadAllocatedMemorySupported()) {
            if (!threads.isThreadAllocatedMemoryEnabled()) {
                threads.setThreadAllocatedMemoryEnabled(true);
            }
            return threads;
        }
        return null;
    }

    private static final KernelSpec SPEC = KernelSpec.of("alloc", Resource.MEMORY, ScoreUnit.GIGABYTES_PER_SECOND,
                    "bytes allocated as short-lived small objects")
            .sizes(1024L, 256L * 1024 * 1024L, 64L * 1024 * 1024 * 1024L)
            .memoryBytes(size -> 1L << 20);

    public AllocationChurn() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        return new Churn(size / OBJECT_BYTES);
    }

    /**
     * Passes when the thread really allocated at least {@link #MIN_ALLOCATED_FRACTION} of the bytes the
     * run claims; fewer means the JIT removed allocations and the score would be a lie.
     */
    static void checkAllocated(long claimedBytes, long measuredBytes) {
        if (measuredBytes < MIN_ALLOCATED_FRACTION * claimedBytes) {
            throw new VerificationException("alloc: the thread allocated " + measuredBytes + " bytes during the"
                    + " run but the run claims " + claimedBytes + " (at least " + (int) (MIN_ALLOCATED_FRACTION * 100)
                    + "% must really be allocated); the JIT has probably removed allocations");
        }
    }

    /** The run's checksum: every object holds i, i+1, i+2, i+3 and is summed when it leaves the ring. */
    static long expectedChecksum(long objects) {
        // sum over i < objects of (4i + 6), in long arithmetic that wraps exactly like the run's
        return 2 * objects * (objects - 1) + 6 * objects;
    }

    /** A prepared churn of {@code objects} long[4] arrays. */
    static final class Churn implements Workload {
        final long objects;
        /** A field, so it is on the heap and the arrays stored in it escape: the JIT must allocate them. */
        final long[][] ring = new long[RING_SIZE][];
        /** Bytes the thread allocated during the last run, or -1 where the JVM cannot say. */
        long allocatedBytesLastRun = -1;

        Churn(long objects) {
            this.objects = objects;
        }

        @Override
        public long run() {
            long before = ALLOCATION_COUNTER ? THREADS.getCurrentThreadAllocatedBytes() : -1;
            long[][] ring = this.ring;
            Arrays.fill(ring, null);
            // each array is read back when it is evicted, so its contents are live too
            long sum = 0;
            for (long i = 0; i < objects; i++) {
                int slot = (int) i & (RING_SIZE - 1);
                long[] evicted = ring[slot];
                if (evicted != null) {
                    sum += evicted[0] + evicted[1] + evicted[2] + evicted[3];
                }
                long[] fresh = new long[4];
                fresh[0] = i;
                fresh[1] = i + 1;
                fresh[2] = i + 2;
                fresh[3] = i + 3;
                ring[slot] = fresh;
            }
            for (long[] left : ring) {
                if (left != null) {
                    sum += left[0] + left[1] + left[2] + left[3];
                }
            }
            if (ALLOCATION_COUNTER) {
                allocatedBytesLastRun = THREADS.getCurrentThreadAllocatedBytes() - before;
            }
            return sum;
        }

        @Override
        public void verify(long checksum) {
            long expected = expectedChecksum(objects);
            if (checksum != expected) {
                throw new VerificationException("alloc: checksum " + checksum + " but " + objects
                        + " objects must sum to " + expected);
            }
            if (allocatedBytesLastRun >= 0) {
                checkAllocated(objects * OBJECT_BYTES, allocatedBytesLastRun);
            }
        }

        @Override
        public double workPerRun() {
            return (double) objects * OBJECT_BYTES;
        }
    }
}
