package org.envbench.http.load;

import org.HdrHistogram.Histogram;
import org.envbench.http.results.LatencyRow;

/**
 * The outcome of one load run: the fields of one latency.csv row (see {@link #row()}) and the detail behind them.
 * Latency figures are in milliseconds and NaN when no request got a response or timed out.
 *
 * @param env             role of the server's environment (latency.csv {@code env})
 * @param kernel          kernel name, or the path for a path target
 * @param size            kernel size, empty for a path target
 * @param mode            open or closed loop
 * @param targetRate      open loop: the requested rate per second; closed loop: NaN (written empty)
 * @param connections     closed loop: the concurrency; open loop: the most connections that were open at once
 * @param achievedRate    measured requests completed (sent and answered, failed or timed out; not the unsent)
 *                        per second of {@code durationSeconds}
 * @param durationSeconds from the start of the measured part to the completion of its last request
 * @param requests        measured requests, every outcome counted
 * @param errors          measured requests that did not get a 2xx response
 * @param latencyNanos    the measured latencies (a copy the caller may keep); open loop: from each request's
 *                        intended send time, closed loop: from its actual send
 * @param outcomes        every measured request by outcome
 * @param maxSendLagNanos open loop: how late the latest request was handed to the client after its due time
 * @param connectionLimit the most connections the client was allowed to open
 */
public record LoadResult(String env, String kernel, String size, LoadMode mode, double targetRate, int connections,
                         double achievedRate, double durationSeconds, long requests, long errors,
                         double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, double meanMs,
                         Histogram latencyNanos, OutcomeCounts outcomes, long maxSendLagNanos, int connectionLimit) {

    static LoadResult of(LoadPlan plan, Histogram latencyNanos, OutcomeCounts outcomes, double durationSeconds,
                         int connections, long maxSendLagNanos) {
        long requests = outcomes.requests();
        boolean any = latencyNanos.getTotalCount() > 0;
        return new LoadResult(plan.env(), plan.target().kernel(), plan.target().size(), plan.mode(),
                plan.mode() == LoadMode.OPEN ? plan.ratePerSecond() : Double.NaN, connections,
                durationSeconds > 0 ? (requests - outcomes.unsent()) / durationSeconds : 0, durationSeconds, requests,
                outcomes.errors(),
                any ? millis(latencyNanos.getValueAtPercentile(50)) : Double.NaN,
                any ? millis(latencyNanos.getValueAtPercentile(90)) : Double.NaN,
                any ? millis(latencyNanos.getValueAtPercentile(99)) : Double.NaN,
                any ? millis(latencyNanos.getValueAtPercentile(99.9)) : Double.NaN,
                any ? millis(latencyNanos.getMaxValue()) : Double.NaN,
                any ? latencyNanos.getMean() / 1e6 : Double.NaN,
                latencyNanos, outcomes, maxSendLagNanos, plan.connectionLimit());
    }

    /** The latency.csv row of this run. */
    public LatencyRow row() {
        return new LatencyRow(env, kernel, size.isEmpty() ? null : Long.valueOf(size), mode.csvName(), targetRate,
                connections, achievedRate, durationSeconds, requests, errors, p50Ms, p90Ms, p99Ms, p999Ms, maxMs,
                meanMs);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
