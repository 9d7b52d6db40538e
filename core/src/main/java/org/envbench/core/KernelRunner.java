package org.envbench.core;

/**
 * Runs a kernel the one way all of envbench does: prepare outside the clock, time each run alone, verify
 * each result outside the clock.
 */
public final class KernelRunner {

    private KernelRunner() {
    }

    /**
     * Prepares {@code kernel} at {@code size} and runs it {@code iterations} times.
     *
     * @throws SizeOutOfRangeException if the size is outside the kernel's range
     * @throws VerificationException   if any iteration's result is wrong
     */
    public static RunResult run(Kernel kernel, long size, int iterations) {
        return run(kernel, size, iterations, (done, workload) -> { });
    }

    /**
     * Like {@link #run(Kernel, long, int)}, but asks {@code check} before every iteration, the first included (after
     * preparation); an exception it throws stops the run there and reaches the caller. A server uses it to stop a
     * run at its deadline or when nobody waits for the answer.
     */
    public static RunResult run(Kernel kernel, long size, int iterations, IterationCheck check) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        kernel.checkSize(size);
        Workload workload = kernel.prepare(size);
        long totalNanos = 0;
        long checksum = 0;
        for (int i = 0; i < iterations; i++) {
            check.beforeIteration(i, workload);
            long start = System.nanoTime();
            checksum = workload.run();
            totalNanos += System.nanoTime() - start;
            workload.verify(checksum);
        }
        double score = kernel.unit().score(workload.workPerRun() * iterations, Math.max(1, totalNanos));
        return new RunResult(kernel.name(), size, iterations, totalNanos, checksum, true, score,
                kernel.unit().symbol());
    }

    /** What {@link #run(Kernel, long, int, IterationCheck)} asks before each iteration. */
    @FunctionalInterface
    public interface IterationCheck {
        /**
         * @param done     iterations finished so far, 0 before the first
         * @param workload the prepared workload, for example for its {@link Workload#workPerRun()}
         */
        void beforeIteration(int done, Workload workload);
    }
}
