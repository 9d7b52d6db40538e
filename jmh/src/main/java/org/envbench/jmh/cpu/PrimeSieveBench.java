package org.envbench.jmh.cpu;

import org.envbench.core.cpu.PrimeSieve;
import org.envbench.jmh.KernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The primes kernel: time to sieve all numbers up to {@code size} (numbers/s = size / time). A run clears the
 * bit array, crosses off multiples of every odd prime up to sqrt(size) and counts what is left. Pitfall
 * avoided: the count pi(size) is returned and checked against an independent prime count, so a sieve that
 * skips work cannot pass.
 */
public class PrimeSieveBench extends KernelBench {

    /**
     * Sieve limit. The odd-only bit array takes limit / 16 bytes: 6 KiB (L1), 312 KiB (L2), 625 KiB (the
     * catalog default, just past L2), 6 MiB (last-level cache), 62 MiB (DRAM, about 5 s per run).
     */
    @Param({"100000", "5000000", "10000000", "100000000", "1000000000"})
    public long size;

    public PrimeSieveBench() {
        super(new PrimeSieve());
    }
}
