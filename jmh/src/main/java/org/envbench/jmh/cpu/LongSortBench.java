package org.envbench.jmh.cpu;

import java.util.SplittableRandom;

import org.envbench.core.Kernel;
import org.envbench.core.cpu.LongSort;
import org.envbench.jmh.KernelBench;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The sort kernel: time to copy and sort {@code size} random longs (elements/s = size / time). A run restores the
 * unsorted input into the work array and calls Arrays.sort on it. Pitfall avoided: sorting the same array again
 * would measure sorting sorted data, which is far faster; each run sorts a fresh copy, and unsorted output, or
 * output that lost or changed values, fails the run.
 */
public class LongSortBench extends KernelBench {

    /**
     * Number of longs. Input and output take 16 bytes per element: 32 KiB (L1), 512 KiB (L2), 8 MiB (the
     * catalog default, last-level cache), 128 MiB (DRAM, four times the last-level cache).
     */
    @Param({"2048", "32768", "500000", "8000000"})
    public long size;

    private long[] baselineInput;
    private long[] baselineCopy;

    public LongSortBench() {
        super(new LongSort());
    }

    @Setup(Level.Trial)
    public void prepareBaseline() {
        baselineInput = new SplittableRandom(Kernel.SEED).longs(size).toArray();
        baselineCopy = new long[baselineInput.length];
    }

    /*
     * The copy alone, the part of run() that is not sorting: subtract it to see the sort by itself. Not a kernel
     * of the catalog, so per-kernel tables leave it out. Returning the last element keeps the copy from being
     * eliminated.
     */
    @Benchmark
    public long baseline() {
        System.arraycopy(baselineInput, 0, baselineCopy, 0, baselineInput.length);
        return baselineCopy[baselineCopy.length - 1];
    }
}
