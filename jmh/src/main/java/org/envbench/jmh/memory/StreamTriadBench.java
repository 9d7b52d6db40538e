package org.envbench.jmh.memory;

import org.envbench.core.memory.StreamTriad;

/**
 * The stream-triad kernel, STREAM's a = b + s * c: time for one pass over arrays of {@code size} doubles
 * (GB/s = 24 bytes x size / time, counted as STREAM counts them).
 */
public class StreamTriadBench extends StreamBench {

    public StreamTriadBench() {
        super(new StreamTriad());
    }
}
