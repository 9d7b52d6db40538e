package org.envbench.jmh.memory;

import org.envbench.core.memory.StreamAdd;

/**
 * The stream-add kernel, STREAM's c = a + b: time for one pass over arrays of {@code size} doubles
 * (GB/s = 24 bytes x size / time, counted as STREAM counts them).
 */
public class StreamAddBench extends StreamBench {

    public StreamAddBench() {
        super(new StreamAdd());
    }
}
