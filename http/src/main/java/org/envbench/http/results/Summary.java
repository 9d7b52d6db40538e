package org.envbench.http.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.envbench.http.stats.PairedRatio;
import org.envbench.http.stats.PairedRatio.Run;

/**
 * The rows of {@code summary.csv}: for every kernel and size, each environment's mean score, its relative
 * performance to the reference with the interval of {@link PairedRatio}, and how far its figures can be trusted
 * (the noise of one run, how many runs were disturbed). JMH rows do not enter it.
 */
public final class Summary {

    /** Above this within-fork coefficient of variation a kernel is flagged unreliable. */
    public static final double UNRELIABLE_CV = 0.05;
    /** A turn with more of the machine than this busy elsewhere (or stolen) counts as disturbed. */
    public static final double DISTURBED_SHARE = 0.10;

    private Summary() {
    }

    /**
     * @param envs      the environments in the order of the rows
     * @param reference the environment every ratio is taken against (bare)
     */
    public static List<SummaryRow> rows(List<KernelRow> kernels, List<String> envs, String reference) {
        Map<String, Map<String, List<KernelRow>>> byPoint = new LinkedHashMap<>();
        for (KernelRow row : kernels) {
            if (row.fromHttp() && row.round() != null) {
                byPoint.computeIfAbsent(row.kernel() + "\u0000" + row.size(), p -> new LinkedHashMap<>())
                        .computeIfAbsent(row.env(), e -> new ArrayList<>()).add(row);
            }
        }
        List<SummaryRow> rows = new ArrayList<>();
        byPoint.forEach((point, byEnv) -> {
            List<Run> referenceRuns = runs(byEnv.getOrDefault(reference, List.of()));
            for (String env : envs) {
                List<KernelRow> envRows = byEnv.get(env);
                if (envRows == null) {
                    continue;
                }
                KernelRow first = envRows.get(0);
                List<Run> envRuns = runs(envRows);
                PairedRatio.Ratio paired = PairedRatio.of(envRuns, referenceRuns,
                        RatioInterval.higherIsBetter(first.unit()));
                RatioInterval ratio = env.equals(reference) ? RatioInterval.identity() : RatioInterval.of(paired);
                int forks = (int) envRows.stream().map(KernelRow::fork).distinct().count();
                double cv = PairedRatio.withinForkCv(envRuns);
                double mean = envRows.stream().mapToDouble(KernelRow::score).average().orElse(Double.NaN);
                rows.add(new SummaryRow(first.kernel(), first.size(), first.unit(), env, envRows.size(), mean,
                        ratio.ratio(), ratio.low(), ratio.high(), Double.isNaN(ratio.ratio()) ? null
                        : ratio.excludesOne(), forks, cv, cv > UNRELIABLE_CV,
                        env.equals(reference) ? 0 : ratio.relativeHalfWidth(), disturbedShare(envRows)));
            }
        });
        return rows;
    }

    private static List<Run> runs(List<KernelRow> rows) {
        return rows.stream().map(r -> new Run(r.fork() == null ? 1 : r.fork(), r.round(), r.score())).toList();
    }

    /** Share of the rows whose turn was disturbed; NaN when no turn was measured. */
    static double disturbedShare(List<KernelRow> rows) {
        long measured = rows.stream().filter(r -> !Double.isNaN(r.outsideCpuShare())).count();
        if (measured == 0) {
            return Double.NaN;
        }
        long disturbed = rows.stream().filter(r -> !Double.isNaN(r.outsideCpuShare())
                && r.outsideCpuShare() + (Double.isNaN(r.stealShare()) ? 0 : r.stealShare()) > DISTURBED_SHARE)
                .count();
        return (double) disturbed / measured;
    }
}
