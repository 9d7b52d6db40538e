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
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        kernel.checkSize(size);
        Workload workload = kernel.prepare(size);
        long totalNanos = 0;
        long checksum = 0;
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            checksum = workload.run();
            totalNanos += System.nanoTime() - start;
            workload.verify(checksum);
        }
        double score = kernel.unit().score(workload.workPerRun() * iterations, Math.max(1, totalNanos));
        return new RunResult(kernel.name(), size, iterations, totalNanos, checksum, true, score,
                kernel.unit().symbol());
    }
}
