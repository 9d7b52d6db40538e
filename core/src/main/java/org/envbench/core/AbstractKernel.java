package org.envbench.core;

/**
 * The skeleton of a kernel: its spec, given to the constructor, and {@link #prepare(long)}, which checks the size
 * against the spec's range before the subclass builds the workload. Kernels with files extend {@link ScratchKernel}.
 */
public abstract class AbstractKernel implements Kernel {

    private final KernelSpec spec;

    protected AbstractKernel(KernelSpec spec) {
        this.spec = spec;
    }

    @Override
    public final KernelSpec spec() {
        return spec;
    }

    @Override
    public final Workload prepare(long size) {
        checkSize(size);
        return build(size);
    }

    /** The workload for {@code size}, already checked to be within the spec's range, its input built from {@link #SEED}. */
    protected abstract Workload build(long size);
}
