package org.envbench.core;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a kernel the one way all of envbench does: prepare outside the clock, start from an empty young generation,
 * time each run alone, verify each result outside the clock, and count the collections of the timed part.
 *
 * <p>Why the collection before the first iteration: a run's score should not depend on where collections fall.
 * A kernel that allocates (alloc, sort, deflate) triggers a young collection every time eden fills; without a
 * collection first, one run starts with eden nearly full and pays one more collection than the next. With eden
 * emptied first, the same iterations of the same deterministic allocations meet the same collections in every run
 * and every environment (the heap is fixed, {@code -Xms} = {@code -Xmx}), and {@code gcCount} shows it.
 */
public final class KernelRunner {

    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    private KernelRunner() {
    }

    /** Runs {@code kernel} with its files, if any, below the JVM's temporary folder. */
    public static RunResult run(Kernel kernel, long size, int iterations) {
        return run(kernel, size, iterations, Scratch.defaultFolder(), (done, workload) -> { });
    }

    /** Runs {@code kernel} with its files, if any, below {@code scratchFolder}. */
    public static RunResult run(Kernel kernel, long size, int iterations, Path scratchFolder) {
        return run(kernel, size, iterations, scratchFolder, (done, workload) -> { });
    }

    /**
     * Prepares {@code kernel} at {@code size} with its files, if any, below {@code scratchFolder}, runs it
     * {@code iterations} times and closes the workload, which removes those files. {@code check} is asked before
     * every iteration, the first included (after preparation); an exception it throws stops the run there and
     * reaches the caller. A server uses it to stop a run at its deadline or when nobody waits for the answer.
     *
     * @throws SizeOutOfRangeException if the size is outside the kernel's range
     * @throws VerificationException   if any iteration's result is wrong
     */
    public static RunResult run(Kernel kernel, long size, int iterations, Path scratchFolder, IterationCheck check) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        kernel.checkSize(size);
        long totalNanos = 0;
        long checksum = 0;
        long collections = 0;
        long collectionMillis = 0;
        double workPerRun;
        try (Workload workload = kernel.prepare(size, scratchFolder)) {
            System.gc();
            for (int i = 0; i < iterations; i++) {
                check.beforeIteration(i, workload);
                long countBefore = collectionCount();
                long millisBefore = collectionMillis();
                long start = System.nanoTime();
                checksum = workload.run();
                totalNanos += System.nanoTime() - start;
                collections += collectionCount() - countBefore;
                collectionMillis += collectionMillis() - millisBefore;
                workload.verify(checksum);
            }
            workPerRun = workload.workPerRun();
        }
        double score = kernel.unit().score(workPerRun * iterations, Math.max(1, totalNanos));
        return new RunResult(kernel.name(), size, iterations, totalNanos, checksum, true, score,
                kernel.unit().symbol(), collections, collectionMillis * 1_000_000L);
    }

    private static long collectionCount() {
        long count = 0;
        for (GarbageCollectorMXBean collector : COLLECTORS) {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    private static long collectionMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean collector : COLLECTORS) {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return millis;
    }

    /** What {@link #run(Kernel, long, int, Path, IterationCheck)} asks before each iteration. */
    @FunctionalInterface
    public interface IterationCheck {
        /**
         * @param done     iterations finished so far, 0 before the first
         * @param workload the prepared workload, for example for its {@link Workload#workPerRun()}
         */
        void beforeIteration(int done, Workload workload);
    }
}
