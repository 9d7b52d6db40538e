package org.envbench.jmh.memory;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Workload;
import org.envbench.core.memory.AllocationChurn;
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

/** The alloc kernel: time to allocate {@code size} bytes as short-lived small objects (GB/s = size / time). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class AllocationChurnBench {

    /**
     * Bytes allocated per run. Fresh objects always land in new TLAB memory, so the caches do not set the
     * rate; the young-generation collections do: 16 MiB is a few collections at most, the catalog default of
     * 256 MiB many.
     */
    @Param({"16777216", "268435456"})
    public long size;

    private Workload workload;
    private long lastChecksum;

    @Setup(Level.Trial)
    public void prepare() {
        workload = new AllocationChurn().prepare(size);
    }

    /*
     * Measures allocation and the young collections it causes. Pitfalls avoided: the heap is pinned
     * (-Xms = -Xmx), so the young generation has the same size in every environment and fork, and the
     * kernel's checksum over the objects is returned to JMH, so the allocations are not dead code.
     */
    @Benchmark
    public long allocate() {
        return lastChecksum = workload.run();
    }

    /** A checksum other than the one the allocated objects must give fails the run. */
    @TearDown(Level.Iteration)
    public void verify() {
        workload.verify(lastChecksum);
    }
}
