package org.envbench.http.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.envbench.http.results.CsvFile;
import org.envbench.http.results.KernelRow;
import org.envbench.http.stats.PairedRatio.Run;

/**
 * One results folder as {@code diff} reads it: the run's status from run.json and the HTTP runs of kernels.csv,
 * grouped by environment, kernel and size, each run at its fork and block.
 *
 * @param status run.json's status: {@code complete}, or {@code running} / {@code interrupted} for a run cut short
 */
record RunFolder(Path dir, String runId, String status, String reference, Map<Point, List<Run>> runs,
                 Map<Point, String> units) {

    /** One kernel at one size in one environment. */
    record Point(String env, String kernel, long size) {
    }

    boolean complete() {
        return status.equals("complete");
    }

    /**
     * Reads {@code dir}.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    static RunFolder read(Path dir) throws IOException {
        Path runJson = dir.resolve("run.json");
        Path kernelsCsv = dir.resolve("kernels.csv");
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder; give two results folders of compare (results/<run-id>)");
        }
        if (!Files.isRegularFile(runJson) || !Files.isRegularFile(kernelsCsv)) {
            throw new IOException(dir + " has no " + (Files.isRegularFile(runJson) ? "kernels.csv" : "run.json")
                    + ": not a results folder of compare, or one whose run was killed before it wrote anything");
        }
        JsonNode run = new ObjectMapper().readTree(runJson.toFile());
        String status = run.path("status").asText("unknown");
        String reference = run.path("reference_env").asText("bare");
        Map<Point, List<Run>> runs = new LinkedHashMap<>();
        Map<Point, String> units = new LinkedHashMap<>();
        List<KernelRow> rows;
        try {
            rows = CsvFile.read(kernelsCsv, KernelRow.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException(kernelsCsv + " is not a kernels.csv of this version of compare (" + e.getMessage()
                    + ")", e);
        }
        for (KernelRow row : rows) {
            if (!row.fromHttp() || row.round() == null) {
                continue;
            }
            Point point = new Point(row.env(), row.kernel(), row.size());
            runs.computeIfAbsent(point, p -> new ArrayList<>())
                    .add(new Run(row.fork() == null ? 1 : row.fork(), row.round(), row.score()));
            units.put(point, row.unit());
        }
        return new RunFolder(dir, run.path("run_id").asText(dir.getFileName().toString()), status, reference,
                runs, units);
    }
}
