package org.envbench.jmh.os;

import org.envbench.core.os.SystemCall;
import org.envbench.jmh.SystemKernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The syscall kernel: time for {@code size} fstat calls on an open file (ns per call = time / size).
 */
public class SystemCallBench extends SystemKernelBench {

    /** fstat calls per run, the catalog default. */
    @Param({"20000"})
    public long size;

    public SystemCallBench() {
        super(new SystemCall());
    }
}
