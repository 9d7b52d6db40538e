package org.envbench.jmh.memory;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Workload;
import org.envbench.core.memory.StreamCopy;
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

/**
 * The stream-copy kernel, STREAM's c = a: time for one pass over arrays of {@code size} doubles
 * (GB/s = 16 bytes x size / time, counted as STREAM counts them).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class StreamCopyBench {

    /**
     * Elements per array; the two arrays take 16 bytes per element: 16 KiB (L1), 256 KiB (L2),
     * 16 MiB (last-level cache), 64 MiB (the catalog default, DRAM) and 256 MiB (DRAM, each array four
     * times the last-level cache, as STREAM's rules ask).
     */
    @Param({"1024", "16384", "1000000", "4000000", "16777216"})
    public long size;

    private Workload workload;
    private long lastChecksum;

    @Setup(Level.Trial)
    public void prepare() {
        workload = new StreamCopy().prepare(size);
    }

    /*
     * Measures one single-threaded pass of c = a over the whole arrays. Pitfalls avoided: the heap is
     * pinned (-Xms = -Xmx) so that no resize or GC lands in a measurement, the arrays are allocated and
     * touched once in setup rather than per call, and the checksum of the result is returned so the loop
     * is not dead code.
     */
    @Benchmark
    public long copy() {
        return lastChecksum = workload.run();
    }

    /** A result that differs from STREAM's analytic value fails the run. */
    @TearDown(Level.Iteration)
    public void verify() {
        workload.verify(lastChecksum);
    }
}
