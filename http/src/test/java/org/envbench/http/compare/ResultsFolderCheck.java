package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** Checks a results folder against the schema of DESIGN.md: files, exact headers, parseable numbers. */
final class ResultsFolderCheck {

    static final List<String> ENVIRONMENT_COLUMNS = List.of("env", "kind", "detail", "os", "cpu_model",
            "logical_cpus", "effective_cpus", "memory_total_bytes", "memory_limit_bytes", "java_version",
            "jvm_flags", "startup_seconds", "idle_rss_bytes", "host_rss_bytes", "server_startup_seconds",
            "budget_cpus", "budget_memory_bytes", "cpuset", "status", "failure_reason", "fork", "engine", "oci_runtime",
            "oci_runtime_version", "gvisor_platform", "gvisor_network", "managed", "network_path", "launch_command",
            "scratch_filesystem");
    static final List<String> KERNEL_COLUMNS = List.of("env", "source", "kernel", "size", "threads", "samples",
            "score", "score_error", "unit", "round", "repetition", "duration_ns", "fork", "gc_count", "gc_seconds",
            "outside_cpu_share", "steal_share");
    static final List<String> LATENCY_COLUMNS = List.of("env", "kernel", "size", "mode", "target_rate",
            "connections", "achieved_rate", "duration_seconds", "requests", "errors", "p50_ms", "p90_ms", "p99_ms",
            "p999_ms", "max_ms", "mean_ms");
    static final List<String> SUMMARY_COLUMNS = List.of("kernel", "size", "unit", "env", "samples", "mean_score",
            "ratio_to_bare", "ratio_low", "ratio_high", "clear_difference", "forks", "cv", "unreliable", "half_width",
            "disturbed_share");

    final Path dir;
    final JsonNode run;
    final List<Map<String, String>> environments;
    final List<Map<String, String>> kernels;
    final List<Map<String, String>> latency;
    final List<Map<String, String>> summary;

    private ResultsFolderCheck(Path dir) throws IOException {
        this.dir = dir;
        this.run = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        this.environments = table("environments.csv", ENVIRONMENT_COLUMNS);
        this.kernels = table("kernels.csv", KERNEL_COLUMNS);
        this.latency = table("latency.csv", LATENCY_COLUMNS);
        this.summary = table("summary.csv", SUMMARY_COLUMNS);
    }

    /** Reads the folder and asserts its schema; then the fields can be asserted further. */
    static ResultsFolderCheck of(Path dir) throws IOException {
        ResultsFolderCheck check = new ResultsFolderCheck(dir);
        check.assertSchema();
        return check;
    }

    private List<Map<String, String>> table(String name, List<String> columns) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(Files.isRegularFile(file), name + " missing in " + dir);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertEquals(String.join(",", columns), text.lines().findFirst().orElse(""), "header of " + name);
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            return rows.readAll();
        }
    }

    private void assertSchema() throws IOException {
        for (String field : List.of("run_id", "status", "tool_version", "command_line", "compare_args",
                "start_time", "end_time", "options", "environments", "notes")) {
            assertTrue(run.has(field), "run.json lacks " + field + ": " + run);
        }
        assertTrue(run.has("git_commit"), "run.json lacks git_commit (null allowed)");
        for (Map<String, String> row : environments) {
            assertTrue(Set.of("ok", "failed", "skipped", "interrupted").contains(row.get("status")), row.toString());
            if (row.get("status").equals("ok")) {
                for (String column : List.of("logical_cpus", "memory_total_bytes", "idle_rss_bytes",
                        "budget_memory_bytes")) {
                    assertTrue(Long.parseLong(row.get(column)) > 0, column + " in " + row);
                }
                // A target (managed=no) was not launched by compare: no startup time.
                assertTrue("no".equals(row.get("managed")) ? row.get("startup_seconds").isEmpty()
                        : Double.parseDouble(row.get("startup_seconds")) > 0, row.toString());
                assertTrue(Double.parseDouble(row.get("effective_cpus")) > 0, row.toString());
                assertFalse(row.get("kind").isEmpty(), row.toString());
                assertTrue(row.get("jvm_flags").contains("-XX:ActiveProcessorCount="), row.toString());
                assertTrue(row.get("failure_reason").isEmpty(), row.toString());
            } else {
                assertFalse(row.get("failure_reason").isEmpty(), "a " + row.get("status") + " row needs a reason: "
                        + row);
            }
        }
        for (Map<String, String> row : kernels) {
            assertTrue(Set.of("http", "jmh").contains(row.get("source")), row.toString());
            Long.parseLong(row.get("size"));
            assertTrue(Integer.parseInt(row.get("threads")) >= 1, row.toString());
            assertTrue(Integer.parseInt(row.get("samples")) >= 1, row.toString());
            assertTrue(Double.parseDouble(row.get("score")) > 0, row.toString());
            assertFalse(row.get("unit").isEmpty(), row.toString());
            if (row.get("source").equals("http")) {
                assertTrue(Integer.parseInt(row.get("round")) >= 1, row.toString());
                assertTrue(Integer.parseInt(row.get("repetition")) >= 1, row.toString());
                assertTrue(Long.parseLong(row.get("duration_ns")) > 0, row.toString());
                assertTrue(row.get("score_error").isEmpty(), "one /run is one sample, no error: " + row);
            } else if (!row.get("score_error").isEmpty()) {
                Double.parseDouble(row.get("score_error"));
            }
        }
        for (Map<String, String> row : latency) {
            assertTrue(Set.of("open", "closed").contains(row.get("mode")), row.toString());
            for (String column : LATENCY_COLUMNS.subList(4, LATENCY_COLUMNS.size())) {
                if (!(column.equals("target_rate") && row.get("mode").equals("closed"))
                        && !(column.equals("connections") && row.get("mode").equals("open"))) {
                    Double.parseDouble(row.get(column));
                }
            }
        }
        for (Map<String, String> row : summary) {
            double ratio = Double.parseDouble(row.get("ratio_to_bare"));
            if (row.get("env").equals("bare")) {
                assertEquals(1.0, ratio, 0.0, "ratio of bare to itself: " + row);
            }
            Double.parseDouble(row.get("mean_score"));
            assertTrue(Double.parseDouble(row.get("ratio_low")) <= ratio + 1e-12, row.toString());
            assertTrue(Double.parseDouble(row.get("ratio_high")) >= ratio - 1e-12, row.toString());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary file left");
        }
    }

    /** run.json and each of {@code envs} in environments.csv say the run was interrupted. */
    void assertInterrupted(List<String> envs) {
        assertEquals("interrupted", run.get("status").asText());
        for (String env : envs) {
            assertEquals("interrupted", environment(env).get("status"), env);
        }
    }

    Map<String, String> environment(String env) {
        return environments.stream().filter(r -> r.get("env").equals(env)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + env + " in environments.csv"));
    }

    long httpRows(String env, String kernel) {
        return kernels.stream().filter(r -> r.get("env").equals(env) && r.get("source").equals("http")
                && r.get("kernel").equals(kernel)).count();
    }

    /** Asserts that env has every sample the profile asks for: forks x rounds x 2 turns x runs for every kernel and size. */
    void assertWhole(String env, Profile profile) {
        profile.sizes().forEach((kernel, sizes) -> {
            for (long size : sizes) {
                long rows = kernels.stream().filter(r -> r.get("env").equals(env) && r.get("source").equals("http")
                        && r.get("kernel").equals(kernel) && r.get("size").equals(Long.toString(size))).count();
                assertEquals((long) profile.samplesPerPoint(), rows,
                        env + " " + kernel + " " + size + " samples");
            }
        });
    }
}
