package org.envbench.jmh.memory;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Workload;
import org.envbench.core.memory.PointerChase;
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
 * The latency kernel: time for one chase along a random cyclic pointer chain over a working set of
 * {@code size} bytes (ns per load = time / the kernel's loads per run).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class PointerChaseBench {

    /**
     * Working-set bytes: 16 KiB (L1), 256 KiB (L2), 8 MiB (last-level cache), 64 MiB (the catalog default,
     * DRAM) and 256 MiB (DRAM, eight times the last-level cache, where TLB misses add to each load).
     */
    @Param({"16384", "262144", "8388608", "67108864", "268435456"})
    public long size;

    private Workload workload;
    private long lastChecksum;

    @Setup(Level.Trial)
    public void prepare() {
        workload = new PointerChase().prepare(size);
    }

    /*
     * Measures dependent loads: each address comes from the previous load, so neither out-of-order
     * execution nor the prefetcher can overlap them, and the chain is one random cycle through the whole
     * working set so that no part of it stays cached by accident. Pitfalls avoided: the heap is pinned so
     * no heap resize lands in a measurement, and the kernel's checksum of the chase is returned so the
     * loads are not dead code.
     */
    @Benchmark
    public long chase() {
        return lastChecksum = workload.run();
    }

    /** A chase that did not end where the chain says it must fails the run. */
    @TearDown(Level.Iteration)
    public void verify() {
        workload.verify(lastChecksum);
    }
}
