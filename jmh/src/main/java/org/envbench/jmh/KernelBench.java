package org.envbench.jmh;

import java.util.concurrent.TimeUnit;

import org.envbench.core.Kernel;
import org.envbench.core.Scratch;
import org.envbench.core.Workload;
import org.openjdk.jmh.annotations.Benchmark;
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
 * What every kernel's benchmark shares: the harness settings, one trial's workload, the one benchmark method
 * {@link #run()}, the verification after every iteration and the clean-up after the trial. A subclass names its
 * kernel in its constructor and declares its {@code @Param size} values; JMH generates {@code <Subclass>.run} for
 * each subclass (JMH sample 24, inheritance). Annotations on a subclass or an intermediate base win over these,
 * attribute by attribute: {@link SystemKernelBench} gives only its heap and keeps the three forks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public abstract class KernelBench {

    private final Kernel kernel;
    private Workload workload;
    private long lastChecksum;
    /** Whether this trial measures {@link #run()}: a trial of another method (a baseline) has nothing to verify. */
    private boolean measuresKernel;

    protected KernelBench(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Builds the input for the subclass's {@code @Param size}, read from JMH's own record of the trial, from the
     * kernel's fixed seed; files, helper threads and sockets go below {@code java.io.tmpdir}.
     */
    @Setup(Level.Trial)
    public void prepare(BenchmarkParams params) {
        workload = kernel.prepare(Long.parseLong(params.getParam("size")), Scratch.defaultFolder());
        // the benchmark's name, <Kernel>Bench.run; not getClass(), which is JMH's generated subclass of it
        measuresKernel = params.getBenchmark().endsWith(".run");
    }

    /*
     * One run of the kernel over its whole input. Pitfalls avoided: the input is built and touched once per trial
     * in setup, not per call; the heap is pinned (-Xms = -Xmx) so that no heap resize lands in a measurement; the
     * kernel's checksum of its result is returned to JMH, so the work is not dead code; and the result is verified
     * after every iteration, outside the timed part. What each kernel avoids besides stands on its subclass.
     */
    @Benchmark
    public long run() {
        return lastChecksum = workload.run();
    }

    /** A wrong result fails the run instead of producing a number; the kernel's verification says what was wrong. */
    @TearDown(Level.Iteration)
    public void verify() {
        if (measuresKernel) {
            workload.verify(lastChecksum);
        }
    }

    /** Removes the trial's files, closes its sockets and stops its helper threads; most kernels hold only heap. */
    @TearDown(Level.Trial)
    public void close() {
        workload.close();
    }
}
