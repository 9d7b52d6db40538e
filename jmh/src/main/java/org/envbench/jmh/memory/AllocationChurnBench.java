package org.envbench.jmh.memory;

import org.envbench.core.memory.AllocationChurn;
import org.envbench.jmh.KernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The alloc kernel: time to allocate {@code size} bytes as short-lived small objects (GB/s = size / time),
 * young collections included. Pitfall avoided: with the heap pinned, the young generation has the same size in
 * every environment and fork; the kernel's checksum over the objects keeps the allocations from being dead code.
 */
public class AllocationChurnBench extends KernelBench {

    /**
     * Bytes allocated per run. Fresh objects always land in new TLAB memory, so the caches do not set the
     * rate; the young-generation collections do: 16 MiB is a few collections at most, the catalog default of
     * 256 MiB many.
     */
    @Param({"16777216", "268435456"})
    public long size;

    public AllocationChurnBench() {
        super(new AllocationChurn());
    }
}
