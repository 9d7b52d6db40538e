package org.envbench.jmh.memory;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Kernel;
import org.envbench.core.Workload;
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
 * What the four STREAM benchmarks share: the harness settings, the sizes, one trial's arrays and the
 * verification after every iteration. A subclass names its kernel and its one {@code @Benchmark} method,
 * so the benchmark names stay {@code StreamTriadBench.triad} and so on.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public abstract class StreamBench {

    /**
     * Elements per array; copy and scale hold two arrays (16 bytes per element), add and triad three (24):
     * 16-24 KiB (L1), 256-384 KiB (L2), 16-24 MiB (last-level cache), 64-96 MiB (the catalog default, DRAM)
     * and 256-384 MiB (DRAM, each array four times the last-level cache, as STREAM's rules ask).
     */
    @Param({"1024", "16384", "1000000", "4000000", "16777216"})
    public long size;

    private final Kernel kernel;
    private Workload workload;
    private long lastChecksum;

    protected StreamBench(Kernel kernel) {
        this.kernel = kernel;
    }

    @Setup(Level.Trial)
    public void prepare() {
        workload = kernel.prepare(size);
    }

    /*
     * One single-threaded pass over the whole arrays. Pitfalls avoided: the heap is pinned (-Xms = -Xmx) so
     * that no resize or GC lands in a measurement, the arrays are allocated and touched once in setup rather
     * than per call, and the checksum of the result is returned so the loop is not dead code.
     */
    protected final long pass() {
        return lastChecksum = workload.run();
    }

    /** A result that differs from STREAM's analytic value fails the run. */
    @TearDown(Level.Iteration)
    public void verify() {
        workload.verify(lastChecksum);
    }
}
