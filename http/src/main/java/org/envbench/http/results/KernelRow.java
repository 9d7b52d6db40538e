package org.envbench.http.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.envbench.http.wire.RunAnswer;

/**
 * One row of {@code kernels.csv}. For {@code source=http} a row is ONE sample: one {@code /run} repetition of
 * {@code samples} kernel iterations, timed inside the server; {@code round} and {@code repetition} say when it
 * was taken and {@code score_error} is empty (the spread is in the rows). For {@code source=jmh} a row is
 * JMH's aggregate for one benchmark and parameter set: {@code samples} measurement iterations over all forks,
 * {@code score_error} JMH's 99.9% half-width, {@code round}, {@code repetition} and {@code duration_ns} empty.
 *
 * <p>An HTTP row also says where it stands in the paired design: {@code fork} is the launch of the environment's
 * server it came from (1, 2, ...), {@code round} the A-B-B-A block within that fork and {@code repetition} the run
 * within the block (the first half of the block's runs before the others' turn, the rest after). {@code gc_count}
 * and {@code gc_seconds} are the collections during the timed part as the server counted them. The turn the run was
 * in says how much of the machine went elsewhere: {@code outside_cpu_share} (CPU time outside the measured
 * environment and compare, as a share of all CPUs) and {@code steal_share} (the hypervisor's steal), empty (NaN
 * in Java, as every unmeasured decimal) where not measured.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KernelRow(String env, String source, String kernel, long size, int threads, int samples,
                        double score, double scoreError, String unit, Integer round, Integer repetition,
                        @JsonProperty("duration_ns") Long durationNanos, Integer fork, Long gcCount,
                        Double gcSeconds, Double outsideCpuShare, Double stealShare) {

    public static final String HTTP = "http";
    public static final String JMH = "jmh";

    /** Where one HTTP run stands in the paired design. */
    public record Position(int fork, int round, int repetition) {
    }

    /** One {@code /run} repetition measured by the server, at {@code position}, its turn not yet measured. */
    public static KernelRow http(String env, RunAnswer answer, Position position) {
        return new KernelRow(env, HTTP, answer.kernel(), answer.size(), 1, answer.iterations(), answer.score(),
                Double.NaN, answer.unit(), position.round(), position.repetition(), answer.durationNanos(),
                position.fork(), answer.gcCount(), answer.gcNanos() == null ? Double.NaN : answer.gcNanos() / 1e9,
                Double.NaN, Double.NaN);
    }

    /** This row with its turn's interference. */
    public KernelRow withTurn(double outsideShare, double steal) {
        return new KernelRow(env, source, kernel, size, threads, samples, score, scoreError, unit, round, repetition,
                durationNanos, fork, gcCount, gcSeconds, outsideShare, steal);
    }

    /** JMH's aggregate for one benchmark and parameter set. */
    public static KernelRow jmh(String env, String kernel, long size, int threads, int samples, double score,
                                double scoreError, String unit) {
        return new KernelRow(env, JMH, kernel, size, threads, samples, score, scoreError, unit, null, null, null, null,
                null, Double.NaN, Double.NaN, Double.NaN);
    }

    public boolean fromHttp() {
        return HTTP.equals(source);
    }
}
