package org.envbench.jmh.os;

import org.envbench.core.os.PageFault;
import org.envbench.jmh.SystemKernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The page-fault kernel: time to map {@code size} fresh pages, touch and read each, and unmap them (ns per page = time / size).
 */
public class PageFaultBench extends SystemKernelBench {

    /** Pages per run, the catalog default. */
    @Param({"4096"})
    public long size;

    public PageFaultBench() {
        super(new PageFault());
    }
}
