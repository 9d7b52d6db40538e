package org.envbench.core;

import java.util.List;

/** A kernel name that is not in the catalog; the message lists the names that are. */
public class UnknownKernelException extends IllegalArgumentException {
    private final String name;
    private final List<String> known;

    public UnknownKernelException(String name, List<String> known) {
        super("unknown kernel '" + name + "': known kernels are " + String.join(", ", known));
        this.name = name;
        this.known = List.copyOf(known);
    }

    public String name() {
        return name;
    }

    public List<String> known() {
        return known;
    }
}
