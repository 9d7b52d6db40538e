package org.envbench.jmh.cpu;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Workload;
import org.envbench.core.cpu.Deflate;
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

/** The deflate kernel: time to compress {@code size} bytes of generated text (MB/s = size / time). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class DeflateBench {

    /**
     * Bytes of text. Deflate looks back 32 KiB at most, so its working set stays in L2 whatever the input
     * size: one small size (one window) and the catalog default are enough.
     */
    @Param({"16384", "262144"})
    public long size;

    private Workload workload;
    private long lastChecksum;

    @Setup(Level.Trial)
    public void prepare() {
        workload = new Deflate().prepare(size);
    }

    /*
     * Measures one complete zlib stream (reset, compress, finish) at the default level, as
     * GZIPOutputStream would. Pitfall avoided: the length and CRC of the compressed bytes are returned,
     * and after each iteration the bytes are inflated and compared with the input, so a deflater that
     * writes garbage quickly cannot pass.
     */
    @Benchmark
    public long compress() {
        return lastChecksum = workload.run();
    }

    /** Inflating the last output must give the input back, or the run fails. */
    @TearDown(Level.Iteration)
    public void verify() {
        workload.verify(lastChecksum);
    }
}
