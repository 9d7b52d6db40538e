package org.envbench.core;

import java.util.function.LongUnaryOperator;

/**
 * What the catalog says about a kernel, as data: its name, the resource it stresses, its score unit, what
 * its size counts and the sizes it allows, and the heap a prepared workload of a size holds.
 *
 * <pre>{@code
 * static final KernelSpec SPEC = KernelSpec.of("sha256", Resource.CPU, ScoreUnit.MEGABYTES_PER_SECOND, "bytes hashed")
 *         .sizes(1, 16L << 20, 1L << 30)
 *         .memoryBytes(size -> size + 65_536);
 * }</pre>
 *
 * @param sizeMeaning what the size counts, for example "bytes hashed" or "n for an n x n double matrix"
 * @param memoryBytes bytes of heap a prepared workload of a size holds at most, so that a server can refuse
 *                    what won't fit
 */
public record KernelSpec(String name, Resource resource, ScoreUnit unit, String sizeMeaning, long minSize,
                         long defaultSize, long maxSize, LongUnaryOperator memoryBytes) {

    public KernelSpec {
        if (minSize < 1 || defaultSize < minSize || maxSize < defaultSize) {
            throw new IllegalArgumentException(name + ": sizes must satisfy 1 <= min <= default <= max, got min "
                    + minSize + ", default " + defaultSize + ", max " + maxSize);
        }
    }

    /** The start of a spec: name, resource, unit and what the size counts; sizes and memory follow. */
    public static Named of(String name, Resource resource, ScoreUnit unit, String sizeMeaning) {
        return new Named(name, resource, unit, sizeMeaning);
    }

    /** The heap a prepared workload of {@code size} holds at most. */
    public long memoryBytes(long size) {
        return memoryBytes.applyAsLong(size);
    }

    /** A spec still without sizes. */
    public record Named(String name, Resource resource, ScoreUnit unit, String sizeMeaning) {

        public Sized sizes(long minSize, long defaultSize, long maxSize) {
            return new Sized(this, minSize, defaultSize, maxSize);
        }
    }

    /** A spec still without its memory need. */
    public record Sized(Named start, long minSize, long defaultSize, long maxSize) {

        public KernelSpec memoryBytes(LongUnaryOperator memoryBytes) {
            return new KernelSpec(start.name(), start.resource(), start.unit(), start.sizeMeaning(), minSize,
                    defaultSize, maxSize, memoryBytes);
        }
    }
}
