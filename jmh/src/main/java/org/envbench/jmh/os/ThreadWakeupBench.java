package org.envbench.jmh.os;

import org.envbench.core.os.ThreadWakeup;
import org.envbench.jmh.SystemKernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The thread-wakeup kernel: time for {@code size} park/unpark round trips between two threads (µs per round trip = time / size).
 */
public class ThreadWakeupBench extends SystemKernelBench {

    /** Round trips per run, the catalog default. */
    @Param({"5000"})
    public long size;

    public ThreadWakeupBench() {
        super(new ThreadWakeup());
    }
}
