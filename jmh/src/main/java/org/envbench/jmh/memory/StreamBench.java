package org.envbench.jmh.memory;

import org.envbench.core.Kernel;
import org.envbench.jmh.KernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The sizes the four STREAM benchmarks share. One run is one single-threaded pass over the whole arrays, which
 * setup allocates and touches once; a result that differs from STREAM's analytic value fails the run.
 */
public abstract class StreamBench extends KernelBench {

    /**
     * Elements per array; copy and scale hold two arrays (16 bytes per element), add and triad three (24):
     * 16-24 KiB (L1), 256-384 KiB (L2), 16-24 MiB (last-level cache), 64-96 MiB (the catalog default, DRAM)
     * and 256-384 MiB (DRAM, each array four times the last-level cache, as STREAM's rules ask).
     */
    @Param({"1024", "16384", "1000000", "4000000", "16777216"})
    public long size;

    protected StreamBench(Kernel kernel) {
        super(kernel);
    }
}
