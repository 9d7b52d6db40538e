package org.envbench.core;

import java.util.Locale;

/** The resource a kernel stresses; its lower-case name is the {@code kind} column of the catalog. */
public enum Resource {
    CPU,
    MEMORY;

    /** The name used in JSON, CSV and metric labels: {@code cpu} or {@code memory}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
