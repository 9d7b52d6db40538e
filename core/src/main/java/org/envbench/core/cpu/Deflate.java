package org.envbench.core.cpu;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** Deflate (zlib) compression of generated text: MB/s of input. */
public final class Deflate implements Kernel {

    @Override
    public String name() {
        return "deflate";
    }

    @Override
    public Resource resource() {
        return Resource.CPU;
    }

    @Override
    public ScoreUnit unit() {
        return ScoreUnit.MEGABYTES_PER_SECOND;
    }

    @Override
    public String sizeMeaning() {
        return "bytes of generated text compressed";
    }

    @Override
    public long defaultSize() {
        return 4L*1024*1024L;
    }

    @Override
    public long minSize() {
        return 1L;
    }

    @Override
    public long maxSize() {
        return 256L*1024*1024L;
    }

    @Override
    public long memoryBytes(long size) {
        return 3 * size + 65_536;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        throw new UnsupportedOperationException("TODO: deflate is not implemented yet");
    }
}
