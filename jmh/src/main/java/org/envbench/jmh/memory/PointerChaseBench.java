package org.envbench.jmh.memory;

import org.envbench.core.memory.PointerChase;
import org.envbench.jmh.KernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The latency kernel: time for one chase along a random cyclic pointer chain over a working set of
 * {@code size} bytes (ns per load = time / the kernel's loads per run). The loads are dependent: each address
 * comes from the previous load, so neither out-of-order execution nor the prefetcher can overlap them, and the
 * chain is one random cycle through the whole working set so that no part of it stays cached by accident. A
 * chase that did not end where the chain says it must fails the run.
 */
public class PointerChaseBench extends KernelBench {

    /**
     * Working-set bytes: 16 KiB (L1), 256 KiB (L2), 8 MiB (last-level cache), 64 MiB (the catalog default,
     * DRAM) and 256 MiB (DRAM, eight times the last-level cache, where TLB misses add to each load).
     */
    @Param({"16384", "262144", "8388608", "67108864", "268435456"})
    public long size;

    public PointerChaseBench() {
        super(new PointerChase());
    }
}
