package org.envbench.http.load;

/** How requests are paced: on a fixed timeline (open loop) or one after another per connection (closed loop). */
public enum LoadMode {
    /** Request i is due at t0 + i/rate whatever earlier responses do; latency counts from that due time. */
    OPEN("open"),
    /** A fixed number of requests is always outstanding; latency counts from the actual send. */
    CLOSED("closed");

    private final String csvName;

    LoadMode(String csvName) {
        this.csvName = csvName;
    }

    /** The value of latency.csv's {@code mode} column. */
    public String csvName() {
        return csvName;
    }
}
