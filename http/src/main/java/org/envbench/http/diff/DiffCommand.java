package org.envbench.http.diff;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.envbench.http.host.Quantities;
import org.envbench.http.results.CsvFile;
import org.envbench.http.diff.RunDiff.Figure;
import org.envbench.http.diff.RunDiff.Line;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code diff OLD NEW}: what changed between two results folders of compare, each change with its 95% interval,
 * flagged when the interval excludes no change. With {@code --fail-above} (or a thresholds file) it exits 1 when a
 * clear slowdown is larger than allowed, for a CI gate after an upgrade of a kernel, runtime or hypervisor.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares two results folders of compare: per environment, kernel and size, the change of "
                + "the ratio to bare (and of bare's own score) from OLD to NEW, with a 95%% interval; '*' marks a "
                + "change whose interval excludes 1 (no change).",
                "Exit status: 0 no change worse than allowed, 1 a clear slowdown beyond --fail-above or the "
                        + "thresholds file, 2 bad input."})
public final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The earlier results folder.")
    Path oldDir;

    @Parameters(index = "1", paramLabel = "NEW", description = "The later results folder.")
    Path newDir;

    @Option(names = "--fail-above", paramLabel = "PERCENT",
            description = "Exit 1 when a change is a clear slowdown (its interval excludes 1) by more than this, "
                    + "for example 5%%. Ratios to bare are gated for every environment, raw scores for bare.")
    String failAbove;

    @Option(names = "--thresholds", paramLabel = "FILE",
            description = "Per-kernel limits instead of or beside --fail-above: lines 'KERNEL PERCENT' (for "
                    + "example 'syscall 20%%'); '#' starts a comment. A kernel not listed gets --fail-above.")
    Path thresholdsFile;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the changes as CSV (for the notebook).")
    Path csvOut;

    @Option(names = "--allow-incomplete",
            description = "Compare a folder whose run was cut short (its run.json status is not complete); the "
                    + "output says so. Without it such a folder is refused.")
    boolean allowIncomplete;

    /** One line of {@code --csv}: a compared figure, its change with the interval, and the gate's verdict. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DiffRow(String env, String kernel, long size, String unit, String figure, double old,
                          @JsonProperty("new") double current, double change, double changeLow, double changeHigh,
                          boolean clear, Double limit, Boolean overLimit) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Double defaultLimit = failAbove == null ? null : percent(failAbove, "--fail-above");
        Map<String, Double> limits = thresholdsFile == null ? Map.of() : readThresholds(thresholdsFile);
        RunFolder old = readFolder(oldDir);
        RunFolder current = readFolder(newDir);
        List<Line> lines = RunDiff.of(old, current);
        if (lines.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the two folders have no kernel, size and "
                    + "environment in common: nothing to compare (" + oldDir + ", " + newDir + ")");
        }
        out.printf(Locale.ROOT, "envbench diff %s (%s) -> %s (%s)%n", old.runId(), old.status(), current.runId(),
                current.status());
        out.printf(Locale.ROOT, "%-12s %-14s %11s %-20s %12s %12s  %-27s %s%n", "env", "kernel", "size", "figure",
                "old", "new", "change [95% CI]", "limit");
        List<DiffRow> csvRows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int clear = 0;
        for (Line line : lines) {
            Double limit = limits.getOrDefault(line.kernel(), defaultLimit);
            boolean gated = limit != null && (line.figure() == Figure.RATIO
                    || line.env().equals(current.reference()));
            boolean over = gated && line.change().worseThan(limit);
            if (line.change().clear()) {
                clear++;
            }
            if (over) {
                failures.add(String.format(Locale.ROOT, "%s %s %d: %s %.3f, a clear slowdown beyond %.1f%%",
                        line.env(), line.kernel(), line.size(), line.figure().label, line.change().factor(),
                        limit * 100));
            }
            out.printf(Locale.ROOT, "%-12s %-14s %11d %-20s %12.4g %12.4g  %-27s %s%n", line.env(), line.kernel(),
                    line.size(), line.figure().label, line.oldValue(), line.newValue(),
                    String.format(Locale.ROOT, "%.3f [%.3f, %.3f]%s", line.change().factor(), line.change().low(),
                            line.change().high(), line.change().clear() ? " *" : ""),
                    !gated ? "-" : String.format(Locale.ROOT, "%.1f%%%s", limit * 100, over ? " OVER" : ""));
            csvRows.add(new DiffRow(line.env(), line.kernel(), line.size(), line.unit(), line.figure().label,
                    line.oldValue(), line.newValue(), line.change().factor(), line.change().low(),
                    line.change().high(), line.change().clear(), gated ? limit : null, gated ? over : null));
        }
        out.println("change = new / old as performance (below 1 is slower in NEW, also where a lower score is "
                + "better); ratios are to " + current.reference() + " with the machine's drift paired away, so "
                + "they say what the environment costs; " + current.reference() + "'s own score says what changed "
                + "on the machine. * = the 95% interval excludes 1.");
        out.printf(Locale.ROOT, "%d of %d figures changed clearly%n", clear, lines.size());
        for (RunFolder folder : List.of(old, current)) {
            if (!folder.complete()) {
                out.println("WARNING " + folder.dir() + " is from a run that did not complete (status "
                        + folder.status() + "): its figures may be partial");
            }
        }
        if (csvOut != null) {
            CsvFile.write(csvOut, DiffRow.class, csvRows);
        }
        for (String failure : failures) {
            out.println("FAIL " + failure);
        }
        out.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private RunFolder readFolder(Path dir) {
        RunFolder folder;
        try {
            folder = RunFolder.read(dir);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!folder.complete() && !allowIncomplete) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + " is from a run that did not complete "
                    + "(run.json status " + folder.status() + "); its figures may be partial. Compare complete runs, "
                    + "or pass --allow-incomplete to compare it anyway");
        }
        return folder;
    }

    /** A share from "5%", "5" (percent) or "0.05%"; a clear error otherwise. */
    private double percent(String text, String what) {
        try {
            return Quantities.parsePercentOrZero(text, what);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Map<String, Double> readThresholds(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read --thresholds " + file + ": "
                    + e.getMessage());
        }
        Map<String, Double> limits = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new CommandLine.ParameterException(spec.commandLine(), file + " line " + (i + 1)
                        + ": expected 'KERNEL PERCENT', for example 'syscall 20%', got '" + lines.get(i) + "'");
            }
            limits.put(parts[0], percent(parts[1], file + " line " + (i + 1)));
        }
        return limits;
    }
}
