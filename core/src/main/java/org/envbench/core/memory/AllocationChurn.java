package org.envbench.core.memory;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** Allocation of short-lived small objects: GB/s allocated. */
public final class AllocationChurn implements Kernel {

    @Override
    public String name() {
        return "alloc";
    }

    @Override
    public Resource resource() {
        return Resource.MEMORY;
    }

    @Override
    public ScoreUnit unit() {
        return ScoreUnit.GIGABYTES_PER_SECOND;
    }

    @Override
    public String sizeMeaning() {
        return "bytes allocated as short-lived small objects";
    }

    @Override
    public long defaultSize() {
        return 256L*1024*1024L;
    }

    @Override
    public long minSize() {
        return 1024L;
    }

    @Override
    public long maxSize() {
        return 64L*1024*1024*1024L;
    }

    @Override
    public long memoryBytes(long size) {
        return 1L << 20;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        throw new UnsupportedOperationException("TODO: alloc is not implemented yet");
    }
}
