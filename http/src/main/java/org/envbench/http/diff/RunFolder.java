package org.envbench.http.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.envbench.http.compare.Csv;
import org.envbench.http.stats.PairedRatio.Run;

/**
 * One results folder as {@code diff} reads it: the run's status from run.json and the HTTP runs of kernels.csv,
 * grouped by environment, kernel and size. A folder written before forks existed has no {@code fork} column: its
 * runs are one fork, and its rounds are the blocks.
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
        List<Map<String, String>> rows = Csv.parse(Files.readString(kernelsCsv, StandardCharsets.UTF_8));
        int line = 1;
        for (Map<String, String> row : rows) {
            line++;
            if (!"http".equals(row.get("source"))) {
                continue;
            }
            try {
                Point point = new Point(row.get("env"), row.get("kernel"), Long.parseLong(row.get("size")));
                String fork = row.getOrDefault("fork", "");
                int forkNumber = fork == null || fork.isEmpty() ? 1 : Integer.parseInt(fork);
                int block = Integer.parseInt(row.get("round"));
                runs.computeIfAbsent(point, p -> new ArrayList<>())
                        .add(new Run(forkNumber, block, Double.parseDouble(row.get("score"))));
                units.put(point, row.get("unit"));
            } catch (RuntimeException e) {
                throw new IOException(kernelsCsv + " line " + line + ": not a kernels.csv row of compare ("
                        + e.getMessage() + ")");
            }
        }
        return new RunFolder(dir, run.path("run_id").asText(dir.getFileName().toString()), status, reference,
                runs, units);
    }
}
