package org.envbench.core.memory;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** STREAM Triad, a = b + s * c: GB/s counting 24 bytes per element as STREAM does. */
public final class StreamTriad implements Kernel {

    @Override
    public String name() {
        return "stream-triad";
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
        return "elements per double array";
    }

    @Override
    public long defaultSize() {
        return 4_000_000L;
    }

    @Override
    public long minSize() {
        return 1L;
    }

    @Override
    public long maxSize() {
        return 178_956_970L;
    }

    @Override
    public long memoryBytes(long size) {
        return 3 * size * Double.BYTES;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        throw new UnsupportedOperationException("TODO: stream-triad is not implemented yet");
    }
}
