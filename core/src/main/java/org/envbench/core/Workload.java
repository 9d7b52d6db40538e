package org.envbench.core;

/**
 * A kernel prepared for one size: its input is built, and {@link #run()} may be called any number of times.
 * Not thread-safe: one thread runs one workload. {@link #close()} releases what preparation took beyond the
 * heap (files in the scratch folder, sockets, helper threads); calling it more than once does nothing more.
 */
public interface Workload extends AutoCloseable {

    /** The timed part: one pass of the kernel over its input. Returns a checksum of the result. */
    long run();

    /**
     * Checks the result of the last {@link #run()}, outside the timed part, against an independent reference.
     *
     * @throws VerificationException if the checksum or the result it stands for is wrong
     */
    void verify(long checksum);

    /** Units of work one run does (bytes, flops, numbers, elements, loads), as {@link ScoreUnit#score} counts them. */
    double workPerRun();

    /** Removes files, closes sockets and stops helper threads; most kernels hold nothing but heap. */
    @Override
    default void close() {
    }
}
