package org.envbench.http.compare;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.envbench.http.results.LatencyRow;
import org.envbench.http.results.RatioInterval;
import org.envbench.http.results.RunRecord;
import org.envbench.http.results.Summary;
import org.envbench.http.results.SummaryRow;

/**
 * What compare prints on stdout at the end: one line per environment, the per-kernel table of scores and ratios to
 * bare, the load table and the notes. It prints what the results folder holds, never anything else.
 */
final class ConsoleReport {

    private final PrintStream out;

    ConsoleReport(PrintStream out) {
        this.out = out;
    }

    void print(RunRecord run, List<EnvironmentUnderTest> envs, List<SummaryRow> summary, String profileName,
               String outDir) {
        out.println();
        out.println("envbench compare " + run.runId() + ", profile " + profileName + ": " + outDir);
        out.println("reference: bare = " + run.referenceLabel());
        for (EnvironmentUnderTest env : envs) {
            out.println(environmentLine(env));
        }
        out.println();
        summaryTable(summary, run.envs(), run.referenceEnv(), "bare (" + run.referenceLabel() + ")");
        if (!run.latencies().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-20s %-6s %10s %10s %8s %8s %8s %8s %7s%n", "load", "mode", "target/s",
                    "achieved/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
            for (LatencyRow row : run.latencies()) {
                out.printf(Locale.ROOT, "%-20s %-6s %10s %10.1f %8.2f %8.2f %8.2f %8.2f %7d%n", row.env(),
                        row.mode(), Double.isNaN(row.targetRate()) ? "-"
                                : String.format(Locale.ROOT, "%.1f", row.targetRate()),
                        row.achievedRate(), row.p50Millis(), row.p99Millis(), row.p999Millis(), row.maxMillis(),
                        row.errors());
            }
        }
        for (String note : run.notes()) {
            out.println("note: " + note);
        }
    }

    private static String environmentLine(EnvironmentUnderTest env) {
        String line = String.format(Locale.ROOT, "  %-20s %-11s", env.label, env.status.csvName());
        if (env.started != null) {
            line += String.format(Locale.ROOT, " startup %.2f s", env.started.launchToHealthySeconds());
        }
        if (env.idleRssBytes != null) {
            line += String.format(Locale.ROOT, ", idle RSS %.0f MiB", env.idleRssBytes / 1048576.0);
        }
        if (env.hostRssBytes != null) {
            line += String.format(Locale.ROOT, " (host sees %.0f MiB)", env.hostRssBytes / 1048576.0);
        }
        if (env.reason != null) {
            line += ": " + env.reason;
        }
        return line;
    }

    /** One line per kernel and size, one score column and one ratio column per environment. */
    private void summaryTable(List<SummaryRow> rows, List<String> envs, String reference, String referenceLabel) {
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
        Map<String, List<SummaryRow>> byPoint = new LinkedHashMap<>();
        for (SummaryRow row : rows) {
            byPoint.computeIfAbsent(row.kernel() + " " + row.size(), k -> new ArrayList<>()).add(row);
        }
        for (List<SummaryRow> point : byPoint.values()) {
            SummaryRow first = point.get(0);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %11d %-10s", first.kernel(),
                    first.size(), first.unit()));
            for (String env : shown) {
                SummaryRow row = find(point, env);
                line.append(row == null ? String.format(Locale.ROOT, " %12s", "-")
                        : String.format(Locale.ROOT, " %12.4g", row.meanScore()));
            }
            for (String env : shown) {
                if (env.equals(reference)) {
                    continue;
                }
                SummaryRow row = find(point, env);
                if (row == null || Double.isNaN(row.ratioToBare())) {
                    line.append(String.format(Locale.ROOT, "  %-27s", "-"));
                } else {
                    RatioInterval r = row.ratio();
                    SummaryRow ref = find(point, reference);
                    boolean noisy = row.unreliable() || ref != null && ref.unreliable();
                    line.append(String.format(Locale.ROOT, "  %-27s", String.format(Locale.ROOT,
                            "%.3f [%.3f, %.3f]%s%s", r.ratio(), r.low(), r.high(), r.excludesOne() ? " *" : "",
                            noisy ? " ~" : "")));
                }
            }
            out.println(line);
        }
        out.println("ratio = performance relative to " + referenceLabel + ": score / score of " + reference
                + " in paired A-B-B-A rounds (the inverse where a lower score is better: ns/load, ns/op, µs/op), so "
                + "below 1 is slower; * = the 95% interval excludes 1; ~ = noisy: a single run varies by more "
                + "than " + Math.round(Summary.UNRELIABLE_CV * 100) + "% within a fork here; " + RatioInterval.METHOD
                + ".");
        String chance = chanceNote(rows.stream().filter(r -> !r.env().equals(reference)).toList());
        if (chance != null) {
            out.println(chance);
        }
        noiseLines(rows);
    }

    /**
     * How many intervals exclude 1, beside how many would by chance alone: each is a 95% interval, so of 57 ratios
     * about 3 exclude 1 even where nothing differs. A reader who sees one star among many should know it (seen in a
     * quick run: the unlimited container "faster" on page faults, 1.053 [1.006, 1.103], its two forks agreeing by
     * chance). Null when no interval was computed.
     *
     * @param ratios the summary rows of every environment but the reference
     */
    static String chanceNote(List<SummaryRow> ratios) {
        List<SummaryRow> judged = ratios.stream().filter(r -> r.clearDifference() != null).toList();
        if (judged.isEmpty()) {
            return null;
        }
        long starred = judged.stream().filter(SummaryRow::clearDifference).count();
        return String.format(Locale.ROOT, "chance: %d of %d intervals exclude 1 (*); with no difference at all, about "
                        + "%.1f of them would by chance alone (1 in 20), so a lone * of a few percent is weak "
                        + "evidence: more forks (--forks) narrow it, and --calibrate tests the intervals themselves",
                starred, judged.size(), judged.size() / 20.0);
    }

    /** Which kernels are too noisy here, with their run-to-run CV, and how much of the run was disturbed. */
    private void noiseLines(List<SummaryRow> rows) {
        List<String> noisy = rows.stream().filter(SummaryRow::unreliable).map(r -> String.format(Locale.ROOT,
                "%s %s %.1f%%", r.env(), r.kernel(), r.cv() * 100)).toList();
        if (!noisy.isEmpty()) {
            out.println("noisy (within-fork CV over " + Math.round(Summary.UNRELIABLE_CV * 100) + "%): "
                    + String.join(", ", noisy));
        }
        double[] disturbed = rows.stream().mapToDouble(SummaryRow::disturbedShare).filter(d -> !Double.isNaN(d))
                .toArray();
        if (disturbed.length > 0) {
            double mean = java.util.Arrays.stream(disturbed).average().orElse(0);
            out.printf(Locale.ROOT, "disturbed: %.0f%% of the measured turns had more than %.0f%% of the machine busy "
                            + "outside the environment measured and compare (or stolen by the hypervisor)%s%n",
                    mean * 100, Summary.DISTURBED_SHARE * 100, mean > 0.2 ? "; these figures were taken on a busy "
                            + "machine: measure again when it is quiet" : "");
        }
        String forks = oneForkNote(rows);
        if (forks != null) {
            out.println(forks);
        }
    }

    /**
     * The note for figures from a single fork, or null when there are none: their intervals cannot hold the spread
     * from one server launch to the next. When every figure came from one fork (the smoke profile) it says so of the
     * run; otherwise it names the figures, which are left with one fork because the other forks refused or failed
     * them, so that a reader does not take the whole run for a one-fork run.
     */
    static String oneForkNote(List<SummaryRow> rows) {
        List<SummaryRow> measured = rows.stream().filter(r -> r.forks() > 0).toList();
        List<SummaryRow> single = measured.stream().filter(r -> r.forks() == 1).toList();
        String spread = "the spread from one launch to the next (JIT decisions, heap layout)";
        if (single.isEmpty()) {
            return null;
        }
        if (single.size() == measured.size()) {
            return "one fork: the intervals cover the runs of one server launch per environment, not " + spread
                    + "; use --forks 2 or more for that";
        }
        List<String> names = single.stream().map(r -> r.env() + " " + r.kernel() + " " + r.size()).toList();
        return "one fork only (the other forks refused or failed them): " + String.join(", ", names)
                + "; their intervals cover the runs of one server launch, not " + spread;
    }

    private static SummaryRow find(List<SummaryRow> rows, String env) {
        return rows.stream().filter(r -> r.env().equals(env)).findFirst().orElse(null);
    }
}
