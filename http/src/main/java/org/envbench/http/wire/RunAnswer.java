package org.envbench.http.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The 200 answer of {@code /run/{kernel}}: what one run measured, timed inside the server. The server writes it and
 * compare reads it, both with Jackson, so the field names are defined here and nowhere else.
 *
 * @param iterations    kernel iterations inside this run
 * @param durationNanos the timed part of all iterations, measured by the server
 * @param verified      whether the result passed the kernel's check outside the timed part
 * @param score         the kernel's score in {@code unit}, computed by the server from its own timing
 * @param gcCount       collections during the timed part, null from a server that does not count them
 * @param gcNanos       time those collections took, as the JVM's collector beans report it
 */
public record RunAnswer(String kernel, long size, int iterations,
                        @JsonProperty("duration_ns") long durationNanos, long checksum, boolean verified,
                        double score, String unit, @JsonProperty("gc_count") Long gcCount,
                        @JsonProperty("gc_ns") Long gcNanos) {
}
