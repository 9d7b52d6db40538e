package org.envbench.http.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One row of {@code latency.csv}: one load run against one environment, as the load generator wrote it. */
public record LatencyRow(String env, String kernel, long size, String mode, double targetRate, int connections,
                         double achievedRate, double durationSeconds, long requests, long errors, double p50Millis,
                         double p90Millis, double p99Millis, double p999Millis, double maxMillis,
                         double meanMillis) {

    public static final List<String> COLUMNS = List.of("env", "kernel", "size", "mode", "target_rate",
            "connections", "achieved_rate", "duration_seconds", "requests", "errors", "p50_ms", "p90_ms", "p99_ms",
            "p999_ms", "max_ms", "mean_ms");

    List<Object> fields() {
        return Arrays.asList(env, kernel, size, mode, targetRate, connections, achievedRate, durationSeconds,
                requests, errors, p50Millis, p90Millis, p99Millis, p999Millis, maxMillis, meanMillis);
    }

    /**
     * A row read back from a latency.csv file of the same schema.
     *
     * @throws IllegalArgumentException naming the column when one is missing or not a number
     */
    static LatencyRow fromCsv(Map<String, String> row) {
        return new LatencyRow(text(row, "env"), text(row, "kernel"), (long) number(row, "size"), text(row, "mode"),
                number(row, "target_rate"), (int) number(row, "connections"), number(row, "achieved_rate"),
                number(row, "duration_seconds"), (long) number(row, "requests"), (long) number(row, "errors"),
                number(row, "p50_ms"), number(row, "p90_ms"), number(row, "p99_ms"), number(row, "p999_ms"),
                number(row, "max_ms"), number(row, "mean_ms"));
    }

    private static String text(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException("latency row has no column " + column + "; columns: " + row.keySet());
        }
        return value;
    }

    private static double number(Map<String, String> row, String column) {
        String value = text(row, column);
        if (value.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("latency column " + column + " is not a number: '" + value + "'");
        }
    }
}
