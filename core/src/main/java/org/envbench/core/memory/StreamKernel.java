package org.envbench.core.memory;

import java.util.function.IntFunction;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/**
 * What the four STREAM kernels share: GB/s over double arrays of {@code size} elements each, the catalog
 * default of 4 million elements, and at most 4 GiB of arrays in all. A kernel names itself, says how many
 * arrays it holds and how its workload is built.
 */
abstract class StreamKernel extends AbstractKernel {

    /** The arrays of one kernel take at most this many bytes together. */
    static final long MAX_ARRAY_BYTES = 4L << 30;

    private final IntFunction<StreamWorkload> workload;

    /** @param workload the workload over arrays of that many doubles, filled with their start values */
    StreamKernel(String name, int arrays, IntFunction<StreamWorkload> workload) {
        super(KernelSpec.of(name, Resource.MEMORY, ScoreUnit.GIGABYTES_PER_SECOND, "elements per double array")
                .sizes(1, 4_000_000L, MAX_ARRAY_BYTES / ((long) arrays * Double.BYTES))
                .memoryBytes(size -> arrays * size * Double.BYTES));
        this.workload = workload;
    }

    @Override
    protected final Workload build(long size) {
        return workload.apply((int) size);
    }
}
