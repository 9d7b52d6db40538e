package org.envbench.core.os;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.envbench.core.FileOperations;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.Scratch;
import org.envbench.core.ScratchKernel;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * First touch of fresh pages: ns per page. A run maps a sparse scratch file of {@code size} pages
 * copy-on-write ({@code MapMode.PRIVATE}, {@code mmap(MAP_PRIVATE)}), writes one long to every page, reads
 * every page back and unmaps the file. Each first write faults in a new anonymous page (the kernel copies the
 * file's zero page into it), and the unmap at the end of the run frees them all, so the next run faults fresh
 * pages again; nothing is written to the file or the disk. A direct {@code ByteBuffer} would not do: the JDK
 * zeroes it on allocation, and malloc reuses freed memory once its mmap threshold has grown. Java 17 has no
 * public unmap, so the run unmaps through {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported).
 * Verification compares the hash of the values read back with the hash of the values written, computed
 * from their formula, and checks that the file itself stayed zero.
 */
public final class PageFault extends ScratchKernel {

    private static final Unmapper UNMAPPER = new Unmapper();

    private static final KernelSpec SPEC = KernelSpec.of("page-fault", Resource.OS, ScoreUnit.NANOS_PER_OPERATION,
                    "fresh pages mapped, touched and unmapped")
            .sizes(1, 4096, 65_536)
            // Not heap, but memory of the process all the same: counted here, the pages a run maps must fit the
            // heap headroom a server checks, a quarter of compare's memory budget, so no size can exhaust a
            // container's limit.
            .memoryBytes(size -> size * UNMAPPER.pageBytes + 64 * 1024);

    public PageFault() {
        super(SPEC);
    }

    @Override
    protected Workload prepare(long size, Scratch scratch) throws IOException {
        UNMAPPER.check();
        long bytes = size * UNMAPPER.pageBytes;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("page-fault: " + size + " pages of " + UNMAPPER.pageBytes
                    + " bytes do not fit one mapping of at most 2 GiB; use fewer pages");
        }
        try (RandomAccessFile sparse = new RandomAccessFile(scratch.file("pages").toFile(), "rw")) {
            sparse.setLength(bytes);
        }
        FileChannel channel = scratch.open("pages", StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Touching(scratch, channel, (int) size, UNMAPPER.pageBytes);
    }

    /** The value the run writes to page {@code page}: never zero, different for every page. */
    static long valueOf(long page) {
        return (page + 1) * 0x9E3779B97F4A7C15L | 1;
    }

    static long hash(long h, long value) {
        return (h ^ value) * 0xBF58476D1CE4E5B9L;
    }

    static final class Touching extends FileOperations {
        private final int pages;
        private final int pageBytes;
        private final long expected;

        Touching(Scratch scratch, FileChannel channel, int pages, int pageBytes) {
            super("page-fault", pages, scratch, channel);
            this.pages = pages;
            this.pageBytes = pageBytes;
            long h = 0;
            for (long page = 0; page < pages; page++) {
                h = hash(h, valueOf(page));
            }
            this.expected = h;
        }

        @Override
        protected long operate() {
            MappedByteBuffer map;
            try {
                map = channel.map(FileChannel.MapMode.PRIVATE, 0, (long) pages * pageBytes);
            } catch (IOException e) {
                throw new UncheckedIOException("page-fault: cannot map " + pages + " pages", e);
            }
            for (int page = 0; page < pages; page++) {
                map.putLong(page * pageBytes, valueOf(page));
            }
            long h = 0;
            for (int page = 0; page < pages; page++) {
                h = hash(h, map.getLong(page * pageBytes));
            }
            UNMAPPER.unmap(map);
            return h;
        }

        @Override
        protected void check(long checksum) {
            if (checksum != expected) {
                throw new VerificationException("page-fault: the " + pages + " touched pages read back a hash of "
                        + Long.toHexString(checksum) + " but the values written hash to " + Long.toHexString(expected));
            }
            ByteBuffer first = ByteBuffer.allocate(Long.BYTES);
            try {
                channel.read(first, 0);
            } catch (IOException e) {
                throw new UncheckedIOException("page-fault: cannot read its file back", e);
            }
            if (first.getLong(0) != 0) {
                throw new VerificationException("page-fault: the first page's write reached the file; a private"
                        + " mapping must keep it in the process's own copy");
            }
        }
    }

    /** {@code sun.misc.Unsafe}'s page size and {@code invokeCleaner}, found by reflection once. */
    private static final class Unmapper {
        final int pageBytes;
        private final MethodHandle invokeCleaner;
        private final String problem;

        Unmapper() {
            int size = 4096;
            MethodHandle cleaner = null;
            String missing = null;
            try {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field field = unsafeClass.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                Object unsafe = field.get(null);
                size = (int) unsafeClass.getMethod("pageSize").invoke(unsafe);
                cleaner = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                        MethodType.methodType(void.class, ByteBuffer.class)).bindTo(unsafe);
            } catch (ReflectiveOperationException | RuntimeException e) {
                missing = e.toString();
            }
            pageBytes = size;
            invokeCleaner = cleaner;
            problem = missing;
        }

        void check() {
            if (invokeCleaner == null) {
                throw new IllegalStateException("page-fault needs sun.misc.Unsafe.invokeCleaner (module"
                        + " jdk.unsupported) to unmap its pages, and this JVM does not offer it: " + problem);
            }
        }

        void unmap(MappedByteBuffer map) {
            try {
                invokeCleaner.invokeExact((ByteBuffer) map);
            } catch (Throwable e) {
                throw new IllegalStateException("page-fault: cannot unmap its pages: " + e, e);
            }
        }
    }
}
