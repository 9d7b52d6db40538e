package org.envbench.core;

import java.nio.channels.FileChannel;

/**
 * Operations on one open file in a workload's own {@link Scratch} folder (the io kernels, syscall and page-fault):
 * {@link #close()} closes the file and removes the folder.
 */
public abstract class FileOperations extends Operations {

    private final Scratch scratch;
    /** The file the operations work on, opened through {@link Scratch#open}. */
    protected final FileChannel channel;

    protected FileOperations(String kernel, long operations, Scratch scratch, FileChannel channel) {
        super(kernel, operations);
        this.scratch = scratch;
        this.channel = channel;
    }

    @Override
    public final void close() {
        scratch.close();
    }
}
