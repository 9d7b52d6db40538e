package org.envbench.http.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * One row of {@code latency.csv}: one load run against one environment. {@code load --out} appends it and
 * {@code compare} collects one per run into the results folder; both write it here. Latency figures are in
 * milliseconds; a value that does not exist (target rate in closed loop, latency when nothing answered) is NaN and
 * written as an empty field.
 *
 * @param size        kernel size, null for a path target
 * @param targetRate  open loop: the requested rate per second; closed loop: NaN
 * @param connections closed loop: the concurrency; open loop: the most connections open at once
 */
public record LatencyRow(String env, String kernel, Long size, String mode,
                         @JsonProperty("target_rate") @JsonSerialize(using = CsvFile.ThreeDecimals.class)
                         double targetRate,
                         int connections,
                         @JsonProperty("achieved_rate") @JsonSerialize(using = CsvFile.ThreeDecimals.class)
                         double achievedRate,
                         @JsonProperty("duration_seconds") @JsonSerialize(using = CsvFile.ThreeDecimals.class)
                         double durationSeconds,
                         long requests, long errors,
                         @JsonProperty("p50_ms") @JsonSerialize(using = CsvFile.ThreeDecimals.class) double p50Millis,
                         @JsonProperty("p90_ms") @JsonSerialize(using = CsvFile.ThreeDecimals.class) double p90Millis,
                         @JsonProperty("p99_ms") @JsonSerialize(using = CsvFile.ThreeDecimals.class) double p99Millis,
                         @JsonProperty("p999_ms") @JsonSerialize(using = CsvFile.ThreeDecimals.class) double p999Millis,
                         @JsonProperty("max_ms") @JsonSerialize(using = CsvFile.ThreeDecimals.class) double maxMillis,
                         @JsonProperty("mean_ms") @JsonSerialize(using = CsvFile.ThreeDecimals.class)
                         double meanMillis) {

    /** Requests answered (2xx) per second: the rate a server really sustained, 503s and timeouts left out. */
    public double answeredRate() {
        return durationSeconds > 0 ? (requests - errors) / durationSeconds : Double.NaN;
    }
}
