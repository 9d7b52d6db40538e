package org.envbench.jmh.cpu;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.envbench.core.Kernel;
import org.envbench.core.Workload;
import org.envbench.core.cpu.LongSort;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The sort kernel: time to copy and sort {@code size} random longs (elements/s = size / time). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class LongSortBench {

    /**
     * Number of longs. Input and output take 16 bytes per element: 32 KiB (L1), 512 KiB (L2), 8 MiB (the
     * catalog default, last-level cache), 128 MiB (DRAM, four times the last-level cache).
     */
    @Param({"2048", "32768", "500000", "8000000"})
    public long size;

    private Workload workload;
    private long lastChecksum;
    /** False while only baseline() has run in this trial: then there is no sort to verify. */
    private boolean sorted;
    private long[] baselineInput;
    private long[] baselineCopy;

    @Setup(Level.Trial)
    public void prepare() {
        workload = new LongSort().prepare(size);
        baselineInput = new SplittableRandom(Kernel.SEED).longs(size).toArray();
        baselineCopy = new long[baselineInput.length];
    }

    /*
     * Measures restoring the unsorted input into the work array and Arrays.sort on it. Pitfall avoided:
     * sorting the same array again would measure sorting sorted data, which is far faster; each call
     * sorts a fresh copy, and a hash of the sorted output is returned so the sort is not dead code.
     */
    @Benchmark
    public long sort() {
        sorted = true;
        return lastChecksum = workload.run();
    }

    /*
     * The copy alone, the part of sort() that is not sorting: subtract it to see the sort by itself.
     * Returning the last element keeps the copy from being eliminated.
     */
    @Benchmark
    public long baseline() {
        System.arraycopy(baselineInput, 0, baselineCopy, 0, baselineInput.length);
        return baselineCopy[baselineCopy.length - 1];
    }

    /** Unsorted output, or output that lost or changed values, fails the run. */
    @TearDown(Level.Iteration)
    public void verify() {
        if (sorted) {
            workload.verify(lastChecksum);
        }
    }
}
