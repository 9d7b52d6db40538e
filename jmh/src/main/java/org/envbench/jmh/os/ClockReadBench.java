package org.envbench.jmh.os;

import org.envbench.core.os.ClockRead;
import org.envbench.jmh.SystemKernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The clock kernel: time for {@code size} System.nanoTime() readings (ns per reading = time / size).
 */
public class ClockReadBench extends SystemKernelBench {

    /** Readings per run, the catalog default. */
    @Param({"1000000"})
    public long size;

    public ClockReadBench() {
        super(new ClockRead());
    }
}
