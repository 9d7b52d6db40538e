package org.envbench.http.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.envbench.core.ToolVersion;

/**
 * Writes the results folder of a comparison from a {@link RunRecord}: {@code kernels.csv}, {@code latency.csv},
 * {@code environments.csv}, {@code summary.csv} and {@code run.json}, each whole or absent (temporary name, then
 * rename), so that an interrupted run leaves readable files. DESIGN.md lists every column.
 */
public final class ResultsFolder {

    static final String KERNELS_CSV_ROWS = "source=http: one row per /run repetition (samples = kernel iterations "
            + "in it), at its fork, A-B-B-A round and repetition; source=jmh: one row per JMH benchmark and "
            + "parameters (JMH's aggregate)";
    static final String RATIO_INTERVAL = RatioInterval.METHOD;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFolder() {
    }

    /** Writes every file of the folder; the summary rows it wrote, for the console and calibration. */
    public static List<SummaryRow> write(Path dir, RunRecord run) throws IOException {
        List<SummaryRow> summary = Summary.rows(run.kernels(), run.envs(), run.referenceEnv());
        CsvFile.write(dir.resolve("kernels.csv"), KernelRow.class, run.kernels());
        CsvFile.write(dir.resolve("latency.csv"), LatencyRow.class, run.latencies());
        CsvFile.write(dir.resolve("environments.csv"), EnvironmentRow.class,
                run.environments().stream().flatMap(e -> e.rows().stream()).toList());
        CsvFile.write(dir.resolve("summary.csv"), SummaryRow.class, summary);
        CsvFile.writeWhole(dir.resolve("run.json"), JSON.writeValueAsString(runJson(run)) + "\n");
        return summary;
    }

    private static Map<String, Object> runJson(RunRecord run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", run.runId());
        json.put("status", run.status());
        json.put("tool_version", ToolVersion.get());
        json.putAll(run.runInfo());
        json.put("start_time", run.startTime().toString());
        json.put("end_time", run.endTime().toString());
        json.put("reference_env", run.referenceEnv());
        json.put("reference_label", run.referenceLabel());
        json.put("profile", run.profile());
        json.put("kernels_csv_rows", KERNELS_CSV_ROWS);
        json.put("ratio_interval", RATIO_INTERVAL);
        List<Map<String, Object>> envs = new ArrayList<>();
        for (RunRecord.Environment environment : run.environments()) {
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("env", environment.env());
            env.put("status", environment.status());
            env.put("reason", environment.reason());
            env.put("budget", environment.budget());
            env.put("started", environment.started());
            env.put("server_status", environment.serverStatus());
            envs.add(env);
        }
        json.put("environments", envs);
        json.put("notes", List.copyOf(run.notes()));
        return json;
    }
}
