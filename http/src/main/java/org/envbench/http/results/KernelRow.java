package org.envbench.http.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code kernels.csv}. For {@code source=http} a row is ONE sample: one {@code /run} repetition of
 * {@code samples} kernel iterations, timed inside the server; {@code round} and {@code repetition} say when it
 * was taken and {@code score_error} is empty (the spread is in the rows). For {@code source=jmh} a row is
 * JMH's aggregate for one benchmark and parameter set: {@code samples} measurement iterations over all forks,
 * {@code score_error} JMH's 99.9% half-width, {@code round}, {@code repetition} and {@code duration_ns} empty.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KernelRow(String env, String source, String kernel, long size, int threads, int samples,
                        double score, double scoreError, String unit, Integer round, Integer repetition,
                        @JsonProperty("duration_ns") Long durationNanos) {

    public static final String HTTP = "http";
    public static final String JMH = "jmh";

    /** One {@code /run} repetition measured by the server. */
    public static KernelRow http(String env, String kernel, long size, int iterations, double score, String unit,
                                 int round, int repetition, long durationNanos) {
        return new KernelRow(env, HTTP, kernel, size, 1, iterations, score, Double.NaN, unit, round, repetition,
                durationNanos);
    }

    /** JMH's aggregate for one benchmark and parameter set. */
    public static KernelRow jmh(String env, String kernel, long size, int threads, int samples, double score,
                                double scoreError, String unit) {
        return new KernelRow(env, JMH, kernel, size, threads, samples, score, scoreError, unit, null, null, null);
    }

    public boolean fromHttp() {
        return HTTP.equals(source);
    }
}
