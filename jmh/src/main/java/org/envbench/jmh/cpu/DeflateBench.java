package org.envbench.jmh.cpu;

import org.envbench.core.cpu.Deflate;
import org.envbench.jmh.KernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The deflate kernel: time to compress {@code size} bytes of generated text (MB/s = size / time). A run is one
 * complete zlib stream (reset, compress, finish) at the default level, as GZIPOutputStream would. Pitfall
 * avoided: the length and CRC of the compressed bytes are returned, and verification inflates the bytes and
 * compares them with the input, so a deflater that writes garbage quickly cannot pass.
 */
public class DeflateBench extends KernelBench {

    /**
     * Bytes of text. Deflate looks back 32 KiB at most, so its working set stays in L2 whatever the input
     * size: one small size (one window) and the catalog default are enough.
     */
    @Param({"16384", "262144"})
    public long size;

    public DeflateBench() {
        super(new Deflate());
    }
}
