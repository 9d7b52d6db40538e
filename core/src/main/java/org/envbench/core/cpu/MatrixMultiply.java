package org.envbench.core.cpu;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** Dense n x n double matrix product: GFLOP/s counting 2 n^3 flops. */
public final class MatrixMultiply implements Kernel {

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public Resource resource() {
        return Resource.CPU;
    }

    @Override
    public ScoreUnit unit() {
        return ScoreUnit.GIGAFLOPS_PER_SECOND;
    }

    @Override
    public String sizeMeaning() {
        return "n for an n x n double matrix";
    }

    @Override
    public long defaultSize() {
        return 256L;
    }

    @Override
    public long minSize() {
        return 1L;
    }

    @Override
    public long maxSize() {
        return 4096L;
    }

    @Override
    public long memoryBytes(long size) {
        return 4 * size * size * Double.BYTES;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        throw new UnsupportedOperationException("TODO: matmul is not implemented yet");
    }
}
