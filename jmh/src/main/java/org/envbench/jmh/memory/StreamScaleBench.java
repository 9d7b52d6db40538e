package org.envbench.jmh.memory;

import org.envbench.core.memory.StreamScale;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The stream-scale kernel, STREAM's b = s * c: time for one pass over arrays of {@code size} doubles
 * (GB/s = 16 bytes x size / time, counted as STREAM counts them).
 */
public class StreamScaleBench extends StreamBench {

    public StreamScaleBench() {
        super(new StreamScale());
    }

    /** One pass of b = s * c. */
    @Benchmark
    public long scale() {
        return pass();
    }
}
