package org.envbench.core.memory;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** Dependent loads along a random cyclic chain over a working set: ns per load. */
public final class PointerChase implements Kernel {

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public Resource resource() {
        return Resource.MEMORY;
    }

    @Override
    public ScoreUnit unit() {
        return ScoreUnit.NANOS_PER_LOAD;
    }

    @Override
    public String sizeMeaning() {
        return "working-set bytes, chased as a random cyclic pointer chain";
    }

    @Override
    public long defaultSize() {
        return 64L*1024*1024L;
    }

    @Override
    public long minSize() {
        return 4096L;
    }

    @Override
    public long maxSize() {
        return 2048L*1024*1024L;
    }

    @Override
    public long memoryBytes(long size) {
        return size + 65_536;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        throw new UnsupportedOperationException("TODO: latency is not implemented yet");
    }
}
