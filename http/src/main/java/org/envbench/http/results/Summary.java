package org.envbench.http.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@code summary.csv}: for every kernel and size, the mean score of each environment over its
 * {@code /run} repetitions and its relative performance to the reference environment, with the interval of
 * {@link RatioInterval}. JMH rows do not enter it.
 */
public final class Summary {

    private Summary() {
    }

    /**
     * @param envs      the environments in the order of the rows
     * @param reference the environment every ratio is taken against (bare)
     */
    public static List<SummaryRow> rows(List<KernelRow> kernels, List<String> envs, String reference) {
        Map<String, Map<String, List<Double>>> byPoint = new LinkedHashMap<>();
        Map<String, KernelRow> firstOfPoint = new LinkedHashMap<>();
        for (KernelRow row : kernels) {
            if (!row.fromHttp()) {
                continue;
            }
            String point = row.kernel() + "\u0000" + row.size();
            firstOfPoint.putIfAbsent(point, row);
            byPoint.computeIfAbsent(point, p -> new LinkedHashMap<>())
                    .computeIfAbsent(row.env(), e -> new ArrayList<>()).add(row.score());
        }
        List<SummaryRow> rows = new ArrayList<>();
        byPoint.forEach((point, byEnv) -> {
            KernelRow first = firstOfPoint.get(point);
            List<Double> referenceScores = byEnv.getOrDefault(reference, List.of());
            for (String env : envs) {
                List<Double> scores = byEnv.get(env);
                if (scores == null) {
                    continue;
                }
                RatioInterval ratio = env.equals(reference) ? RatioInterval.identity()
                        : RatioInterval.relative(scores, referenceScores, first.unit());
                double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                rows.add(SummaryRow.of(first.kernel(), first.size(), first.unit(), env, scores.size(), mean, ratio));
            }
        });
        return rows;
    }
}
