package org.envbench.jmh.os;

import org.envbench.core.os.ProcessStart;
import org.envbench.jmh.SystemKernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The process-start kernel: time to start {@code size} /bin/true processes and wait for each (µs per process = time / size).
 */
public class ProcessStartBench extends SystemKernelBench {

    /** Processes per run, the catalog default. */
    @Param({"16"})
    public long size;

    public ProcessStartBench() {
        super(new ProcessStart());
    }
}
