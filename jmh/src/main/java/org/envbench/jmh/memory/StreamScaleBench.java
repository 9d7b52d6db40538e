package org.envbench.jmh.memory;

import org.envbench.core.memory.StreamScale;

/**
 * The stream-scale kernel, STREAM's b = s * c: time for one pass over arrays of {@code size} doubles
 * (GB/s = 16 bytes x size / time, counted as STREAM counts them).
 */
public class StreamScaleBench extends StreamBench {

    public StreamScaleBench() {
        super(new StreamScale());
    }
}
