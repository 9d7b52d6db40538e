package org.envbench.jmh.cpu;

import org.envbench.core.cpu.Sha256;
import org.envbench.jmh.KernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The sha256 kernel: time to hash {@code size} bytes with the JDK's SHA-256 (MB/s = size / time). A run is one
 * digest of the whole input through a reused MessageDigest, the way a service hashes a request body. Pitfall
 * avoided: the input is random, so no shortcut on repeated bytes helps, and the digest is folded into the
 * checksum, so the JIT cannot drop the hash; a wrong digest fails the run.
 */
public class Sha256Bench extends KernelBench {

    /**
     * Bytes hashed. SHA-256 is compute-bound (about a byte per cycle even with SHA extensions), so the caches
     * hardly matter; the sizes show the per-call overhead (1 KiB), OpenSSL's largest block (16 KiB, for
     * comparison with {@code openssl speed}) and the catalog default (16 MiB).
     */
    @Param({"1024", "16384", "16777216"})
    public long size;

    public Sha256Bench() {
        super(new Sha256());
    }
}
