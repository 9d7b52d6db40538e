package org.envbench.core;

/**
 * A workload of the os, io and network kernels: a run is {@code operations} operations back to back (calls, reads,
 * writes, round trips), which are also its work, and a verification before the first run is refused. A subclass
 * gives the timed part, {@link #operate()}, and the check of its result, {@link #check(long)}.
 */
public abstract class Operations implements Workload {

    private final String kernel;
    private final long operations;
    private boolean ran;

    protected Operations(String kernel, long operations) {
        this.kernel = kernel;
        this.operations = operations;
    }

    @Override
    public final long run() {
        long checksum = operate();
        ran = true;
        return checksum;
    }

    /** The timed part: the operations one after the other; returns a checksum of what they gave. */
    protected abstract long operate();

    /** @throws VerificationException also when no run came before */
    @Override
    public final void verify(long checksum) {
        if (!ran) {
            throw new VerificationException(kernel + ": verify was called before any run");
        }
        check(checksum);
    }

    /** Checks the last run's checksum and what it stands for; called only after a run. */
    protected abstract void check(long checksum);

    @Override
    public final double workPerRun() {
        return operations;
    }
}
