package org.envbench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A kernel whose workload needs files: each prepared workload gets a {@link Scratch} folder of its own below the
 * scratch folder, closed (files removed) by the workload's {@link Workload#close()}, or at once when preparing
 * fails. A subclass gives its spec and builds the workload in that folder.
 */
public abstract class ScratchKernel extends AbstractKernel {

    protected ScratchKernel(KernelSpec spec) {
        super(spec);
    }

    /** With the files below the JVM's temporary folder. */
    @Override
    protected final Workload build(long size) {
        return inScratch(size, Scratch.defaultFolder());
    }

    @Override
    public final Workload prepare(long size, Path scratchFolder) {
        checkSize(size);
        return inScratch(size, scratchFolder);
    }

    private Workload inScratch(long size, Path scratchFolder) {
        Scratch scratch = Scratch.in(scratchFolder, name());
        try {
            return prepare(size, scratch);
        } catch (IOException e) {
            scratch.close();
            throw new UncheckedIOException(name() + ": cannot prepare its files in " + scratch.folder() + ": " + e, e);
        } catch (RuntimeException | Error e) {
            scratch.close();
            throw e;
        }
    }

    /** The workload for {@code size} (already checked) with its files in {@code scratch}, which it must close. */
    protected abstract Workload prepare(long size, Scratch scratch) throws IOException;
}
