package org.envbench.core;

/** A size outside a kernel's allowed range; the message names the range. */
public class SizeOutOfRangeException extends IllegalArgumentException {
    private final transient Kernel kernel;
    private final long size;

    public SizeOutOfRangeException(Kernel kernel, long size) {
        super("size " + size + " is out of range for kernel " + kernel.name() + " (" + kernel.sizeMeaning()
                + "): allowed " + kernel.minSize() + " to " + kernel.maxSize() + ", default " + kernel.defaultSize());
        this.kernel = kernel;
        this.size = size;
    }

    public Kernel kernel() {
        return kernel;
    }

    public long size() {
        return size;
    }
}
