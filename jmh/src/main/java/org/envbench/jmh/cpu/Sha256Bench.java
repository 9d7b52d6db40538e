package org.envbench.jmh.cpu;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Workload;
import org.envbench.core.cpu.Sha256;
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

/** The sha256 kernel: time to hash {@code size} bytes with the JDK's SHA-256 (MB/s = size / time). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class Sha256Bench {

    /**
     * Bytes hashed. SHA-256 is compute-bound (about a byte per cycle even with SHA extensions), so the caches
     * hardly matter; the sizes show the per-call overhead (1 KiB), OpenSSL's largest block (16 KiB, for
     * comparison with {@code openssl speed}) and the catalog default (16 MiB).
     */
    @Param({"1024", "16384", "16777216"})
    public long size;

    private Workload workload;
    private long lastChecksum;

    @Setup(Level.Trial)
    public void prepare() {
        workload = new Sha256().prepare(size);
    }

    /*
     * Measures one digest of the whole input through a reused MessageDigest, the way a service hashes a
     * request body. Pitfall avoided: the digest is folded into the returned checksum, so the JIT cannot
     * drop the hash as dead code, and the input is random so no shortcut on repeated bytes helps.
     */
    @Benchmark
    public long hash() {
        return lastChecksum = workload.run();
    }

    /** A wrong digest fails the run instead of producing a number. */
    @TearDown(Level.Iteration)
    public void verify() {
        workload.verify(lastChecksum);
    }
}
