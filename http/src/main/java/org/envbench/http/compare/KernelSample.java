package org.envbench.http.compare;

import java.util.Arrays;
import java.util.List;

/**
 * One row of {@code kernels.csv}. For {@code source=http} a row is ONE sample: one {@code /run} repetition of
 * {@code samples} kernel iterations, timed inside the server; {@code round} and {@code repetition} say when it
 * was taken and {@code score_error} is empty (the spread is in the rows). For {@code source=jmh} a row is
 * JMH's aggregate for one benchmark and parameter set: {@code samples} measurement iterations over all forks,
 * {@code score_error} JMH's 99.9% half-width, {@code round} and {@code repetition} empty.
 */
public record KernelSample(String env, String source, String kernel, long size, int threads, int samples,
                           double score, double scoreError, String unit, Integer round, Integer repetition,
                           Long durationNanos) {

    public static final List<String> COLUMNS = List.of("env", "source", "kernel", "size", "threads", "samples",
            "score", "score_error", "unit", "round", "repetition", "duration_ns");

    List<Object> fields() {
        return Arrays.asList(env, source, kernel, size, threads, samples, score, scoreError, unit, round,
                repetition, durationNanos);
    }
}
