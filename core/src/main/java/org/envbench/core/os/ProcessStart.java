package org.envbench.core.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Operations;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * Starting a process and waiting for it: µs per process. The program is fixed, {@code /bin/true}, never one
 * a request names. {@code ProcessBuilder} on Linux starts it the JDK's way ({@code posix_spawn} of the
 * {@code jspawnhelper} that then executes the program) and a reaper thread collects its exit status; the
 * streams are inherited, so no pipes are made. Verification: every process started, and every one exited 0.
 */
public final class ProcessStart extends AbstractKernel {

    /** The one program this kernel starts. */
    static final Path PROGRAM = Path.of("/bin/true");

    private static final KernelSpec SPEC = KernelSpec.of("process-start", Resource.OS, ScoreUnit.MICROS_PER_OPERATION,
                    "starts of /bin/true, each waited for")
            .sizes(1, 16, 10_000)
            .memoryBytes(size -> 256 * 1024);

    public ProcessStart() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        if (!Files.isExecutable(PROGRAM)) {
            throw new IllegalStateException("process-start runs " + PROGRAM + ", which is missing or not executable"
                    + " here; install coreutils");
        }
        return new Starts((int) size);
    }

    static final class Starts extends Operations {
        private final int processes;
        private final ProcessBuilder builder = new ProcessBuilder(PROGRAM.toString()).inheritIO();
        long exitedZero;

        Starts(int processes) {
            super("process-start", processes);
            this.processes = processes;
        }

        /** Returns the number of processes that exited 0. */
        @Override
        protected long operate() {
            long zero = 0;
            try {
                for (int i = 0; i < processes; i++) {
                    if (builder.start().waitFor() == 0) {
                        zero++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("process-start: cannot start " + PROGRAM, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("process-start: interrupted while waiting for " + PROGRAM, e);
            }
            exitedZero = zero;
            return zero;
        }

        @Override
        protected void check(long checksum) {
            if (checksum != exitedZero) {
                throw new VerificationException("process-start: the run returned " + checksum + " but counted "
                        + exitedZero + " processes that exited 0");
            }
            if (exitedZero != processes) {
                throw new VerificationException("process-start: " + exitedZero + " of " + processes + " starts of "
                        + PROGRAM + " exited 0; every one must");
            }
        }
    }
}
