package org.envbench.http.results;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code summary.csv}: one kernel, size and environment, its mean score over its {@code /run}
 * repetitions and its performance relative to bare with the interval of {@link RatioInterval}.
 * {@code ratio_to_bare} is relative performance: below 1 is slower than bare, also for kernels where a lower score
 * is better.
 *
 * @param samples         runs of this kernel size in this environment, over all forks
 * @param clearDifference whether the interval excludes 1; null when there is no ratio
 * @param forks           forks that gave runs (the independent units of the interval)
 * @param cv              coefficient of variation of single runs within a fork, pooled over forks: the noise of
 *                        one run, which pairing and forks average but cannot remove
 * @param unreliable      whether {@code cv} is over {@value Summary#UNRELIABLE_CV}: the kernel is too noisy here to
 *                        resolve overheads of a few percent in a profile of this size
 * @param halfWidth       half the ratio interval's width relative to the ratio (what {@code --precision} bounds)
 * @param disturbedShare  share of the runs whose turn had more than {@value Summary#DISTURBED_SHARE} of the machine
 *                        busy outside the measured environment (or stolen by the hypervisor); empty when not measured
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SummaryRow(String kernel, long size, String unit, String env, int samples, double meanScore,
                         double ratioToBare, double ratioLow, double ratioHigh, Boolean clearDifference, int forks,
                         double cv, boolean unreliable, double halfWidth, double disturbedShare) {

    public RatioInterval ratio() {
        return new RatioInterval(ratioToBare, ratioLow, ratioHigh);
    }
}
