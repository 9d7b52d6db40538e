package org.envbench.jmh.memory;

import org.envbench.core.memory.StreamCopy;

/**
 * The stream-copy kernel, STREAM's c = a: time for one pass over arrays of {@code size} doubles
 * (GB/s = 16 bytes x size / time, counted as STREAM counts them).
 */
public class StreamCopyBench extends StreamBench {

    public StreamCopyBench() {
        super(new StreamCopy());
    }
}
