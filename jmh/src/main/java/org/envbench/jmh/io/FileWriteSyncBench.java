package org.envbench.jmh.io;

import org.envbench.core.io.FileWriteSync;
import org.envbench.jmh.SystemKernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The file-write-sync kernel: time for {@code size} 4 KiB writes, each followed by fdatasync, in java.io.tmpdir (µs per write = time / size).
 */
public class FileWriteSyncBench extends SystemKernelBench {

    /** Writes per run, the catalog default. */
    @Param({"128"})
    public long size;

    public FileWriteSyncBench() {
        super(new FileWriteSync());
    }
}
