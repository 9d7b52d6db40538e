package org.envbench.http.results;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code summary.csv}: one kernel, size and environment, its mean score over the {@code /run}
 * repetitions and its performance relative to bare with the interval of {@link RatioInterval}.
 * {@code ratio_to_bare} is relative performance: below 1 is slower than bare, also for latency.
 *
 * @param clearDifference whether the interval excludes 1; null when there is no ratio
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SummaryRow(String kernel, long size, String unit, String env, int samples, double meanScore,
                         double ratioToBare, double ratioLow, double ratioHigh, Boolean clearDifference) {

    static SummaryRow of(String kernel, long size, String unit, String env, int samples, double meanScore,
                         RatioInterval ratio) {
        return new SummaryRow(kernel, size, unit, env, samples, meanScore, ratio.ratio(), ratio.low(), ratio.high(),
                Double.isNaN(ratio.ratio()) ? null : ratio.excludesOne());
    }

    public RatioInterval ratio() {
        return new RatioInterval(ratioToBare, ratioLow, ratioHigh);
    }
}
