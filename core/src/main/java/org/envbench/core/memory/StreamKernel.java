package org.envbench.core.memory;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/**
 * What the four STREAM kernels share: GB/s over double arrays of {@code size} elements each, the catalog
 * default of 4 million elements, and at most 4 GiB of arrays in all. A kernel names itself, says how many
 * arrays it holds and builds its workload.
 */
abstract class StreamKernel extends AbstractKernel {

    /** The arrays of one kernel take at most this many bytes together. */
    static final long MAX_ARRAY_BYTES = 4L << 30;

    StreamKernel(String name, int arrays) {
        super(KernelSpec.of(name, Resource.MEMORY, ScoreUnit.GIGABYTES_PER_SECOND, "elements per double array")
                .sizes(1, 4_000_000L, MAX_ARRAY_BYTES / ((long) arrays * Double.BYTES))
                .memoryBytes(size -> arrays * size * Double.BYTES));
    }

    @Override
    protected final Workload build(long size) {
        return arrays((int) size);
    }

    /** The workload over arrays of {@code elements} doubles, filled with their start values. */
    abstract Workload arrays(int elements);
}
