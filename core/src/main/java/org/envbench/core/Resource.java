package org.envbench.core;

import java.util.Locale;

/** The resource a kernel stresses; its lower-case name is the {@code kind} column of the catalog. */
public enum Resource {
    CPU,
    MEMORY,
    /** The operating system's services: system calls, clocks, page faults, the scheduler, process creation. */
    OS,
    /** Files in the scratch folder: the filesystem, the page cache and the block device under it. */
    IO,
    /** Sockets over loopback: the network stack. */
    NETWORK;

    /** The name used in JSON, CSV and metric labels: {@code cpu}, {@code memory}, {@code os}, {@code io}, {@code network}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
