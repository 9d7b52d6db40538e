package org.envbench.core.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * One cheap system call, {@code fstat(2)} of an open file: ns per call. On Linux {@code FileChannel.size()} is
 * exactly one {@code fstat} of the channel's descriptor (the JDK's {@code FileDispatcherImpl.size0}; glibc 2.33
 * and later issue it as {@code newfstatat(fd, "", AT_EMPTY_PATH)}, and {@code strace -f -c} counts one of those
 * per call and no other call); the channel's lock and interruptibility bookkeeping around it are plain Java. What a sandbox that intercepts system calls or a
 * VM exit adds shows here first. Every call must report the file's length, which preparation wrote as a
 * seeded number of bytes and confirmed with a {@code stat(2)} of the path.
 */
public final class SystemCall extends ScratchKernel {

    private static final KernelSpec SPEC = KernelSpec.of("syscall", Resource.OS, ScoreUnit.NANOS_PER_OPERATION,
                    "fstat system calls on an open file")
            .sizes(1, 20_000, 100_000_000)
            .memoryBytes(size -> 64 * 1024);

    public SystemCall() {
        super(SPEC);
    }

    @Override
    protected Workload prepare(long size, Scratch scratch) throws IOException {
        Path file = scratch.file("fstat");
        int length = 1000 + new SplittableRandom(SEED).nextInt(3000);
        Files.write(file, new byte[length]);
        if (Files.size(file) != length) {
            throw new VerificationException("syscall: wrote " + length + " bytes to " + file + " but stat(2) says "
                    + Files.size(file));
        }
        return new Calls(scratch, scratch.open("fstat", StandardOpenOption.READ), size, length);
    }

    static final class Calls extends FileOperations {
        private final long calls;
        final long length;

        Calls(Scratch scratch, FileChannel channel, long calls, long length) {
            super("syscall", calls, scratch, channel);
            this.calls = calls;
            this.length = length;
        }

        @Override
        protected long operate() {
            FileChannel channel = this.channel;
            long sum = 0;
            try {
                for (long i = 0; i < calls; i++) {
                    sum += channel.size();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("syscall: fstat failed", e);
            }
            return sum;
        }

        @Override
        protected void check(long checksum) {
            if (checksum != calls * length) {
                throw new VerificationException("syscall: " + calls + " fstat calls on a " + length + "-byte file must"
                        + " add up to " + calls * length + " bytes, got " + checksum);
            }
        }
    }
}
