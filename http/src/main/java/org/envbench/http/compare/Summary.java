package org.envbench.http.compare;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-kernel table of a comparison: mean score per environment over the {@code /run} repetitions and the
 * ratio to the reference environment (bare) with a 95% bootstrap interval. Written as {@code summary.csv} and
 * printed on stdout.
 */
final class Summary {

    /** {@code ratio_to_bare} is relative performance: below 1 is slower than bare, also for latency. */
    static final List<String> COLUMNS = List.of("kernel", "size", "unit", "env", "samples", "mean_score",
            "ratio_to_bare", "ratio_low", "ratio_high", "clear_difference");

    record Row(String kernel, long size, String unit, String env, int samples, double meanScore,
               RatioInterval ratio) {
        List<Object> fields() {
            return Arrays.asList(kernel, size, unit, env, samples, meanScore, ratio.ratio(), ratio.low(),
                    ratio.high(), Double.isNaN(ratio.ratio()) ? null : ratio.excludesOne());
        }
    }

    private final List<Row> rows;
    private final String reference;

    private Summary(List<Row> rows, String reference) {
        this.rows = rows;
        this.reference = reference;
    }

    List<Row> rows() {
        return rows;
    }

    List<List<Object>> csvRows() {
        return rows.stream().map(Row::fields).toList();
    }

    /** Builds the table from the HTTP samples; {@code envs} gives the column order, {@code reference} is bare. */
    static Summary of(List<KernelSample> samples, List<String> envs, String reference) {
        Map<String, Map<String, List<Double>>> byPoint = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (KernelSample sample : samples) {
            if (!sample.source().equals("http")) {
                continue;
            }
            String point = sample.kernel() + "\u0000" + sample.size();
            units.put(point, sample.unit());
            byPoint.computeIfAbsent(point, p -> new LinkedHashMap<>())
                    .computeIfAbsent(sample.env(), e -> new ArrayList<>()).add(sample.score());
        }
        List<Row> rows = new ArrayList<>();
        byPoint.forEach((point, byEnv) -> {
            String[] parts = point.split("\u0000");
            List<Double> referenceScores = byEnv.getOrDefault(reference, List.of());
            for (String env : envs) {
                List<Double> scores = byEnv.get(env);
                if (scores == null) {
                    continue;
                }
                RatioInterval ratio = env.equals(reference) ? RatioInterval.identity()
                        : RatioInterval.of(scores, referenceScores, higherIsBetter(units.get(point)));
                double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                rows.add(new Row(parts[0], Long.parseLong(parts[1]), units.get(point), env, scores.size(), mean,
                        ratio));
            }
        });
        return new Summary(rows, reference);
    }

    /** Prints the table: one line per kernel and size, one score column and one ratio column per environment. */
    void print(PrintStream out, List<String> envs, String referenceLabel) {
        List<String> shown = envs.stream().filter(env -> rows.stream().anyMatch(r -> r.env().equals(env))).toList();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-14s %11s %-10s", "kernel", "size",
                "unit"));
        for (String env : shown) {
            header.append(String.format(Locale.ROOT, " %12s", env));
        }
        for (String env : shown) {
            if (!env.equals(reference)) {
                header.append(String.format(Locale.ROOT, "  %-27s", env + "/" + reference + " [95% CI]"));
            }
        }
        out.println(header);
        Map<String, List<Row>> byPoint = new LinkedHashMap<>();
        for (Row row : rows) {
            byPoint.computeIfAbsent(row.kernel() + " " + row.size(), k -> new ArrayList<>()).add(row);
        }
        for (List<Row> point : byPoint.values()) {
            Row first = point.get(0);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %11d %-10s", first.kernel(),
                    first.size(), first.unit()));
            for (String env : shown) {
                Row row = find(point, env);
                line.append(row == null ? String.format(Locale.ROOT, " %12s", "-")
                        : String.format(Locale.ROOT, " %12.4g", row.meanScore()));
            }
            for (String env : shown) {
                if (env.equals(reference)) {
                    continue;
                }
                Row row = find(point, env);
                if (row == null || Double.isNaN(row.ratio().ratio())) {
                    line.append(String.format(Locale.ROOT, "  %-27s", "-"));
                } else {
                    RatioInterval r = row.ratio();
                    line.append(String.format(Locale.ROOT, "  %-27s", String.format(Locale.ROOT,
                            "%.3f [%.3f, %.3f]%s", r.ratio(), r.low(), r.high(), r.excludesOne() ? " *" : "")));
                }
            }
            out.println(line);
        }
        out.println("ratio = performance relative to " + referenceLabel + ": mean score / mean score of "
                + reference + " (for ns/load, where lower is better, the inverse), so below 1 is slower; 95% CI: "
                + "percentile bootstrap (" + RatioInterval.RESAMPLES + " resamples) over the /run repetitions; "
                + "* = the interval excludes 1.");
    }

    /** Whether a higher score is better in this unit; only time per unit of work (ns/...) is lower-better. */
    static boolean higherIsBetter(String unit) {
        for (org.envbench.core.ScoreUnit known : org.envbench.core.ScoreUnit.values()) {
            if (known.symbol().equals(unit)) {
                return known.higherIsBetter();
            }
        }
        return !unit.startsWith("ns/") && !unit.startsWith("us/") && !unit.startsWith("ms/");
    }

    private static Row find(List<Row> rows, String env) {
        return rows.stream().filter(r -> r.env().equals(env)).findFirst().orElse(null);
    }
}
