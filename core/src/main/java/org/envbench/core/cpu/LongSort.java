package org.envbench.core.cpu;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** Sort of pseudo-random longs: elements per second. */
public final class LongSort implements Kernel {

    @Override
    public String name() {
        return "sort";
    }

    @Override
    public Resource resource() {
        return Resource.CPU;
    }

    @Override
    public ScoreUnit unit() {
        return ScoreUnit.ELEMENTS_PER_SECOND;
    }

    @Override
    public String sizeMeaning() {
        return "number of longs sorted";
    }

    @Override
    public long defaultSize() {
        return 1_000_000L;
    }

    @Override
    public long minSize() {
        return 1L;
    }

    @Override
    public long maxSize() {
        return 100_000_000L;
    }

    @Override
    public long memoryBytes(long size) {
        return 2 * size * Long.BYTES;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        throw new UnsupportedOperationException("TODO: sort is not implemented yet");
    }
}
