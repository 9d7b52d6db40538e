package org.envbench.core;

import java.nio.file.Path;

/**
 * One workload of the catalog: its description as data ({@link #spec()}: name, resource, unit, sizes,
 * memory need) and a factory for prepared instances; a kernel class holds only what it computes and how
 * the result is verified. A kernel is deterministic for a given size: its input comes from {@link #SEED}.
 *
 * <pre>{@code
 * Kernel kernel = Kernels.byName("sha256");
 * Workload workload = kernel.prepare(kernel.defaultSize());   // input built here, not timed
 * long start = System.nanoTime();
 * long checksum = workload.run();                              // the timed part
 * long durationNanos = System.nanoTime() - start;
 * workload.verify(checksum);                                   // throws if the result is wrong
 * double score = kernel.unit().score(workload.workPerRun(), durationNanos);
 * }</pre>
 *
 * {@link KernelRunner} does exactly this for a number of iterations.
 */
public interface Kernel {

    /** The fixed seed every kernel builds its input from. */
    long SEED = 0x5EED_E7B3_0C4L;

    /** What the catalog says about this kernel: name, resource, unit, sizes, memory need. */
    KernelSpec spec();

    /** Catalog name, lower case, for example {@code stream-triad}. */
    default String name() {
        return spec().name();
    }

    default Resource resource() {
        return spec().resource();
    }

    default ScoreUnit unit() {
        return spec().unit();
    }

    /** What the size counts, for example "bytes hashed" or "n for an n x n double matrix". */
    default String sizeMeaning() {
        return spec().sizeMeaning();
    }

    default long defaultSize() {
        return spec().defaultSize();
    }

    default long minSize() {
        return spec().minSize();
    }

    default long maxSize() {
        return spec().maxSize();
    }

    /** Bytes of heap a prepared workload of this size holds at most, so that a server can refuse what won't fit. */
    default long memoryBytes(long size) {
        return spec().memoryBytes(size);
    }

    /** Whether a higher score is better; false for latency. */
    default boolean higherIsBetter() {
        return unit().higherIsBetter();
    }

    /**
     * Builds the input for {@code size} from {@link #SEED}, outside any timed part.
     *
     * @throws SizeOutOfRangeException if size is outside [{@link #minSize()}, {@link #maxSize()}]
     */
    Workload prepare(long size);

    /**
     * Builds the input for {@code size}, with any files it needs in a folder of its own below
     * {@code scratchFolder} that {@link Workload#close()} removes, so that concurrent workloads never share a
     * file. Kernels without files ignore the folder.
     *
     * @throws SizeOutOfRangeException if size is outside [{@link #minSize()}, {@link #maxSize()}]
     */
    default Workload prepare(long size, Path scratchFolder) {
        return prepare(size);
    }

    /** Throws {@link SizeOutOfRangeException} unless {@code size} is within this kernel's range. */
    default void checkSize(long size) {
        if (size < minSize() || size > maxSize()) {
            throw new SizeOutOfRangeException(this, size);
        }
    }
}
