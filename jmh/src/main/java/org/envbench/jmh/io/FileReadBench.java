package org.envbench.jmh.io;

import org.envbench.core.io.FileRead;
import org.envbench.jmh.SystemKernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The file-read kernel: time for {@code size} 64 KiB reads of a cached file in java.io.tmpdir (µs per read = time / size).
 */
public class FileReadBench extends SystemKernelBench {

    /** Reads per run, the catalog default. */
    @Param({"4096"})
    public long size;

    public FileReadBench() {
        super(new FileRead());
    }
}
