package org.envbench.core;

/**
 * The outcome of running one kernel at one size for a number of iterations: the JSON of {@code /run/{kernel}}.
 *
 * @param durationNanos the sum of the timed parts of all iterations, nothing else (preparation and
 *                      verification are outside it)
 * @param checksum      the checksum the last iteration returned
 * @param verified      true: every iteration passed verification (a failed one throws instead)
 * @param score         the score over all iterations in {@code unit}
 * @param gcCount       collections while the timed parts ran, over all the JVM's collectors
 * @param gcNanos       their time as the collector beans report it (millisecond resolution)
 */
public record RunResult(String kernel, long size, int iterations, long durationNanos, long checksum,
                        boolean verified, double score, String unit, long gcCount, long gcNanos) {
}
