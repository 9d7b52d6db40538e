package org.envbench.jmh.cpu;

import org.envbench.core.cpu.MatrixMultiply;
import org.envbench.jmh.KernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The matmul kernel: time for one n x n double product, n = {@code size} (GFLOP/s = 2 n^3 / time). A run is
 * C = A B with the vectorizable i-k-j loop plus a hash of C. Pitfall avoided: every element of C feeds the
 * checksum, so no part of the product is dead code, and the inputs are random doubles, not zeros or ones that
 * would make the arithmetic trivial; Freivalds' check (and for small n the naive product) fails a wrong product.
 */
public class MatrixMultiplyBench extends KernelBench {

    /**
     * n. The three matrices take 24 n^2 bytes: 24 KiB (L1), 384 KiB (L2), 1.5 MiB (the catalog default,
     * last-level cache), 24 MiB (filling the last-level cache). The i-k-j loop streams rows of B, so the
     * hardware prefetcher hides DRAM well; n = 2048 (96 MiB, about 6 s per run) would add time, not insight.
     */
    @Param({"32", "128", "256", "1024"})
    public long size;

    public MatrixMultiplyBench() {
        super(new MatrixMultiply());
    }
}
