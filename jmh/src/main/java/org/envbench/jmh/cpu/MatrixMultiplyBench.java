package org.envbench.jmh.cpu;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Workload;
import org.envbench.core.cpu.MatrixMultiply;
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

/** The matmul kernel: time for one n x n double product, n = {@code size} (GFLOP/s = 2 n^3 / time). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class MatrixMultiplyBench {

    /**
     * n. The three matrices take 24 n^2 bytes: 24 KiB (L1), 384 KiB (L2), 1.5 MiB (the catalog default,
     * last-level cache), 24 MiB (filling the last-level cache). The i-k-j loop streams rows of B, so the
     * hardware prefetcher hides DRAM well; n = 2048 (96 MiB, about 6 s per run) would add time, not insight.
     */
    @Param({"32", "128", "256", "1024"})
    public long size;

    private Workload workload;
    private long lastChecksum;

    @Setup(Level.Trial)
    public void prepare() {
        workload = new MatrixMultiply().prepare(size);
    }

    /*
     * Measures C = A B with the vectorizable i-k-j loop plus a hash of C. Pitfall avoided: every element
     * of C feeds the returned checksum, so no part of the product is dead code, and the inputs are random
     * doubles, not zeros or ones that would make the arithmetic trivial.
     */
    @Benchmark
    public long multiply() {
        return lastChecksum = workload.run();
    }

    /** Freivalds' check (and for small n the naive product) fails the run on a wrong product. */
    @TearDown(Level.Iteration)
    public void verify() {
        workload.verify(lastChecksum);
    }
}
