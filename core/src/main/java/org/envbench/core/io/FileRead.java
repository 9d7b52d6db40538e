package org.envbench.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * Sequential reads of a cached file in 64 KiB calls, in the scratch folder: µs per read. Each read is one
 * {@code pread(2)} ({@code FileChannel.read(buffer, position)} into a direct buffer, so the JDK copies
 * nothing more). The file has at most {@link #MAX_BLOCKS} blocks (16 MiB), written and synced during
 * preparation, so that it is in the page cache and no write-back is left for the runs; a run reads it from the start, wrapping around, so what is
 * measured is the filesystem's read path (overlay, a sandbox's gofer, virtio-fs), not the disk. Every long of
 * the file comes from a formula of its position; a run hashes three longs of every block it reads, and
 * verification compares that hash and the whole last block with the formula.
 */
public final class FileRead extends ScratchKernel {

    static final int BLOCK_BYTES = 64 * 1024;
    static final int MAX_BLOCKS = 256;
    /** The longs of a block a run hashes besides the first: one in the middle and the last. */
    static final int MIDDLE = BLOCK_BYTES / 2 / Long.BYTES;
    static final int LAST = BLOCK_BYTES / Long.BYTES - 1;

    private static final KernelSpec SPEC = KernelSpec.of("file-read", Resource.IO, ScoreUnit.MICROS_PER_OPERATION,
                    "64 KiB reads of a cached file, in sequence")
            .sizes(1, 4096, 10_000_000)
            .memoryBytes(size -> 4L * BLOCK_BYTES);

    public FileRead() {
        super(SPEC);
    }

    @Override
    protected Workload prepare(long size, Scratch scratch) throws IOException {
        int blocks = (int) Math.min(size, MAX_BLOCKS);
        FileChannel channel = scratch.open("data", StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES).order(ByteOrder.nativeOrder());
        for (int b = 0; b < blocks; b++) {
            fill(block, b);
            while (block.hasRemaining()) {
                channel.write(block, (long) b * BLOCK_BYTES + block.position());
            }
        }
        // written back now, not during a run; the pages stay in the page cache
        channel.force(true);
        return new Reads(scratch, channel, size, blocks);
    }

    /** Long {@code index} of block {@code block}: the formula the file is written from and checked against. */
    static long valueAt(long block, int index) {
        long z = (block << 16 | index) + SEED;
        z = (z ^ (z >>> 31)) * 0x9E3779B97F4A7C15L;
        return z ^ (z >>> 29);
    }

    static void fill(ByteBuffer block, int b) {
        block.clear();
        for (int i = 0; i < BLOCK_BYTES / Long.BYTES; i++) {
            block.putLong(i * Long.BYTES, valueAt(b, i));
        }
    }

    static long hash(long h, long first, long middle, long last) {
        h = (h ^ first) * 0xBF58476D1CE4E5B9L;
        h = (h ^ middle) * 0x94D049BB133111EBL;
        return (h ^ last) * 0xBF58476D1CE4E5B9L;
    }

    static final class Reads extends FileOperations {
        private final long reads;
        private final int blocks;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BLOCK_BYTES).order(ByteOrder.nativeOrder());
        private final long expected;

        Reads(Scratch scratch, FileChannel channel, long reads, int blocks) {
            super("file-read", reads, scratch, channel);
            this.reads = reads;
            this.blocks = blocks;
            long h = 0;
            for (long i = 0; i < reads; i++) {
                long b = i % blocks;
                h = hash(h, valueAt(b, 0), valueAt(b, MIDDLE), valueAt(b, LAST));
            }
            expected = h;
        }

        @Override
        protected long operate() {
            FileChannel channel = this.channel;
            ByteBuffer buffer = this.buffer;
            long h = 0;
            int b = 0;
            try {
                for (long i = 0; i < reads; i++) {
                    buffer.clear();
                    long position = (long) b * BLOCK_BYTES;
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, position + buffer.position()) < 0) {
                            throw new VerificationException("file-read: the file ended inside block " + b);
                        }
                    }
                    h = hash(h, buffer.getLong(0), buffer.getLong(MIDDLE * Long.BYTES),
                            buffer.getLong(LAST * Long.BYTES));
                    if (++b == blocks) {
                        b = 0;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("file-read: a read failed", e);
            }
            return h;
        }

        @Override
        protected void check(long checksum) {
            if (checksum != expected) {
                throw new VerificationException("file-read: " + reads + " reads hash to " + Long.toHexString(checksum)
                        + " but the file's formula gives " + Long.toHexString(expected));
            }
            long lastBlock = (reads - 1) % blocks;
            for (int i = 0; i < BLOCK_BYTES / Long.BYTES; i++) {
                if (buffer.getLong(i * Long.BYTES) != valueAt(lastBlock, i)) {
                    throw new VerificationException("file-read: long " + i + " of block " + lastBlock + " read back as "
                            + Long.toHexString(buffer.getLong(i * Long.BYTES)) + ", written as "
                            + Long.toHexString(valueAt(lastBlock, i)));
                }
            }
        }
    }
}
