package org.envbench.jmh.network;

import org.envbench.core.network.TcpRoundTrip;
import org.envbench.jmh.SystemKernelBench;
import org.openjdk.jmh.annotations.Param;

/**
 * The tcp-round-trip kernel: time for {@code size} 64-byte round trips over loopback TCP (µs per round trip = time / size).
 */
public class TcpRoundTripBench extends SystemKernelBench {

    /** Round trips per run, the catalog default. */
    @Param({"2000"})
    public long size;

    public TcpRoundTripBench() {
        super(new TcpRoundTrip());
    }
}
