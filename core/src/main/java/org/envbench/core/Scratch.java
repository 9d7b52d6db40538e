package org.envbench.core;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of one workload's own below the server's scratch folder, removed with everything in it on
 * {@link #close()}, which first closes the channels opened through it: two workloads, even of the same kernel
 * at the same time, never share a file.
 *
 * <pre>{@code
 * try (Scratch scratch = Scratch.in(scratchFolder, "file-read")) {
 *     FileChannel data = scratch.open("data", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
 * }
 * }</pre>
 */
public final class Scratch implements AutoCloseable {

    private final Path folder;
    private final List<Closeable> open = new ArrayList<>();
    private boolean closed;

    private Scratch(Path folder) {
        this.folder = folder;
    }

    /** The JVM's temporary folder, {@code java.io.tmpdir}: the scratch folder when nobody chose another. */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Creates a new folder {@code envbench-<kernel>-<random>} below {@code scratchFolder}.
     *
     * @throws UncheckedIOException naming the folder when it cannot be created there
     */
    public static Scratch in(Path scratchFolder, String kernel) {
        try {
            return new Scratch(Files.createTempDirectory(scratchFolder, "envbench-" + kernel + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for " + kernel + " in the scratch folder "
                    + scratchFolder + " (" + e + "): give the server a writable scratch folder", e);
        }
    }

    /** The folder itself. */
    public Path folder() {
        return folder;
    }

    /** A path for a file named {@code name} in this folder; the file is not created. */
    public Path file(String name) {
        return folder.resolve(name);
    }

    /** Opens the file {@code name} of this folder; {@link #close()} closes the channel. */
    public FileChannel open(String name, OpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(file(name), options);
        open.add(channel);
        return channel;
    }

    /** Closes the channels opened here, then deletes every file in the folder and the folder; once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Closeable channel : open) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a scratch file in " + folder, e);
            }
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the scratch files in " + folder + " to remove them", e);
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the scratch file " + path, e);
            }
        }
    }
}
