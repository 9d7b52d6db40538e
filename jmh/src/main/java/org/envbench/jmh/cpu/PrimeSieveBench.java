package org.envbench.jmh.cpu;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Workload;
import org.envbench.core.cpu.PrimeSieve;
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

/** The primes kernel: time to sieve all numbers up to {@code size} (numbers/s = size / time). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class PrimeSieveBench {

    /**
     * Sieve limit. The odd-only bit array takes limit / 16 bytes: 6 KiB (L1), 312 KiB (L2), 625 KiB (the
     * catalog default, just past L2), 6 MiB (last-level cache), 62 MiB (DRAM, about 5 s per run).
     */
    @Param({"100000", "5000000", "10000000", "100000000", "1000000000"})
    public long size;

    private Workload workload;
    private long lastChecksum;

    @Setup(Level.Trial)
    public void prepare() {
        workload = new PrimeSieve().prepare(size);
    }

    /*
     * Measures clearing the bit array, crossing off multiples of every odd prime up to sqrt(size) and
     * counting what is left. Pitfall avoided: the count pi(size) is returned and checked against an
     * independent prime count, so a sieve that skips work cannot pass.
     */
    @Benchmark
    public long sieve() {
        return lastChecksum = workload.run();
    }

    /** A wrong prime count fails the run instead of producing a number. */
    @TearDown(Level.Iteration)
    public void verify() {
        workload.verify(lastChecksum);
    }
}
