package org.envbench.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.envbench.core.FileOperations;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.Scratch;
import org.envbench.core.ScratchKernel;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * A 4 KiB write followed by a data sync, in the scratch folder: µs per write. Each write is one
 * {@code pwrite(2)} ({@code FileChannel.write(buffer, position)} from a direct buffer) and one
 * {@code fdatasync(2)} ({@code FileChannel.force(false)}), to one of {@link #SLOTS} blocks in turn, so the
 * file never grows past 1 MiB whatever the size; preparation writes and syncs every block first, so that the
 * timed writes overwrite allocated blocks. What the filesystem under the scratch folder (overlay, ext4 on a
 * virtual disk, tmpfs) and the device under it do with a sync shows here. Each block carries its write's
 * sequence number and a seeded pattern; verification reads the file back and requires in every block the
 * last write that went to it.
 */
public final class FileWriteSync extends ScratchKernel {

    static final int BLOCK_BYTES = 4096;
    /** Blocks the writes cycle through: 1 MiB of file at most. */
    static final int SLOTS = 256;

    private static final KernelSpec SPEC = KernelSpec.of("file-write-sync", Resource.IO,
                    ScoreUnit.MICROS_PER_OPERATION, "4 KiB writes, each followed by fdatasync")
            .sizes(1, 128, 65_536)
            .memoryBytes(size -> 2L * SLOTS * BLOCK_BYTES);

    public FileWriteSync() {
        super(SPEC);
    }

    @Override
    protected Workload prepare(long size, Scratch scratch) throws IOException {
        FileChannel channel = scratch.open("sync", StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Writes writes = new Writes(scratch, channel, size);
        writes.preallocate();
        return writes;
    }

    /** The seeded bytes every block carries after its sequence number. */
    static byte[] pattern() {
        byte[] pattern = new byte[BLOCK_BYTES];
        new SplittableRandom(SEED).nextBytes(pattern);
        return pattern;
    }

    static final class Writes extends FileOperations {
        private final long writes;
        private final byte[] pattern = pattern();
        private final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
        /** Sequence number of the next write; write n goes to block n % SLOTS. */
        private long next;
        private long firstOfLastRun;

        Writes(Scratch scratch, FileChannel channel, long writes) {
            super("file-write-sync", writes, scratch, channel);
            this.writes = writes;
            block.put(pattern).clear();
        }

        /** The file, for the test that reads and damages it behind the workload's back. */
        FileChannel channel() {
            return channel;
        }

        void preallocate() throws IOException {
            ByteBuffer zeros = ByteBuffer.allocateDirect(SLOTS * BLOCK_BYTES);
            while (zeros.hasRemaining()) {
                channel.write(zeros, zeros.position());
            }
            channel.force(true);
        }

        /** Returns the sum of the sequence numbers written. */
        @Override
        protected long operate() {
            FileChannel channel = this.channel;
            ByteBuffer block = this.block;
            long first = next;
            long sum = 0;
            try {
                for (long i = 0; i < writes; i++) {
                    long sequence = first + i;
                    block.clear();
                    block.putLong(0, sequence);
                    long position = (sequence % SLOTS) * BLOCK_BYTES;
                    while (block.hasRemaining()) {
                        channel.write(block, position + block.position());
                    }
                    channel.force(false);
                    sum += sequence;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("file-write-sync: a write or fdatasync failed", e);
            }
            next = first + writes;
            firstOfLastRun = first;
            return sum;
        }

        @Override
        protected void check(long checksum) {
            long first = firstOfLastRun;
            long last = first + writes - 1;
            long expectedSum = (first + last) * writes / 2;
            if (checksum != expectedSum) {
                throw new VerificationException("file-write-sync: writes " + first + " to " + last + " must sum to "
                        + expectedSum + ", the run returned " + checksum);
            }
            ByteBuffer read = ByteBuffer.allocate(BLOCK_BYTES);
            long blocksWritten = Math.min(writes, SLOTS);
            for (long sequence = last; sequence > last - blocksWritten; sequence--) {
                long position = (sequence % SLOTS) * BLOCK_BYTES;
                read.clear();
                try {
                    while (read.hasRemaining()) {
                        if (channel.read(read, position + read.position()) < 0) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("file-write-sync: cannot read its file back", e);
                }
                if (read.hasRemaining() || read.getLong(0) != sequence
                        || !Arrays.equals(read.array(), Long.BYTES, BLOCK_BYTES, pattern, Long.BYTES,
                        BLOCK_BYTES)) {
                    throw new VerificationException("file-write-sync: block " + sequence % SLOTS + " of the file does"
                            + " not hold write " + sequence + " (it holds write " + read.getLong(0)
                            + (read.hasRemaining() ? ", cut short" : "") + ")");
                }
            }
        }
    }
}
