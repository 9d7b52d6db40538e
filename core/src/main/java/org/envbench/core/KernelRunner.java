package org.envbench.core;

import java.nio.file.Path;

/**
 * Runs a kernel the one way all of envbench does: prepare outside the clock, time each run alone, verify
 * each result outside the clock.
 */
public final class KernelRunner {

    private KernelRunner() {
    }

    /** Runs {@code kernel} with its files, if any, below the JVM's temporary folder. */
    public static RunResult run(Kernel kernel, long size, int iterations) {
        return run(kernel, size, iterations, Scratch.defaultFolder());
    }

    /**
     * Prepares {@code kernel} at {@code size} with its files, if any, below {@code scratchFolder}, runs it
     * {@code iterations} times and closes the workload, which removes those files.
     *
     * @throws SizeOutOfRangeException if the size is outside the kernel's range
     * @throws VerificationException   if any iteration's result is wrong
     */
    public static RunResult run(Kernel kernel, long size, int iterations, Path scratchFolder) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        kernel.checkSize(size);
        long totalNanos = 0;
        long checksum = 0;
        double workPerRun;
        try (Workload workload = kernel.prepare(size, scratchFolder)) {
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                checksum = workload.run();
                totalNanos += System.nanoTime() - start;
                workload.verify(checksum);
            }
            workPerRun = workload.workPerRun();
        }
        double score = kernel.unit().score(workPerRun * iterations, Math.max(1, totalNanos));
        return new RunResult(kernel.name(), size, iterations, totalNanos, checksum, true, score,
                kernel.unit().symbol());
    }
}
