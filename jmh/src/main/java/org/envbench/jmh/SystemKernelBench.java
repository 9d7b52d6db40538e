package org.envbench.jmh;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Kernel;
import org.envbench.core.Scratch;
import org.envbench.core.Workload;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the benchmarks of the os, io and network kernels share: the harness settings, one trial's workload
 * (its files below {@code java.io.tmpdir}, its helper threads and sockets), the verification after every
 * iteration and the clean-up after the trial. A subclass names its kernel, declares its {@code @Param size}
 * (kept to the catalog default, so the quick suite stays short) and its one {@code @Benchmark} method.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Thread)
public abstract class SystemKernelBench {

    private final Kernel kernel;
    private Workload workload;
    private long lastChecksum;

    protected SystemKernelBench(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Prepares the subclass's {@code @Param size}, read from JMH's own record of the trial. */
    @Setup(Level.Trial)
    public void prepare(BenchmarkParams params) {
        workload = kernel.prepare(Long.parseLong(params.getParam("size")), Scratch.defaultFolder());
    }

    /*
     * One run of the kernel: size operations back to back, each a real call into the operating system, so
     * there is no loop for the JIT to remove; the checksum is returned all the same.
     */
    protected final long once() {
        return lastChecksum = workload.run();
    }

    /** A wrong result (a file that does not read back, an echo that differs, a process that failed) fails the run. */
    @TearDown(Level.Iteration)
    public void verify() {
        workload.verify(lastChecksum);
    }

    /** Removes the trial's files, closes its sockets and stops its helper threads. */
    @TearDown(Level.Trial)
    public void close() {
        workload.close();
    }
}
