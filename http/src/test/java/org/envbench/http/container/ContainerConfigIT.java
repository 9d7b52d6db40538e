package org.envbench.http.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks container/compose.yaml, the Prometheus scrape config and the Grafana dashboard with the tools that will
 * read them: promtool, podman-compose (and docker-compose where installed). Tagged environments because it needs
 * those tools, which .ci/run installs.
 */
@Tag("environments")
class ContainerConfigIT {

    private static Path container;

    @BeforeAll
    static void findProject() {
        container = Path.of(System.getProperty("envbench.projectDir", "..")).toAbsolutePath().normalize()
                .resolve("container");
    }

    @Test
    void promtoolAcceptsTheScrapeConfig() throws Exception {
        Result result = run(List.of("promtool", "check", "config",
                container.resolve("prometheus/prometheus.yml").toString()));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS"), result.output());
    }

    /** Each dashboard query is valid PromQL: promtool parses it as a recording rule. */
    @Test
    void everyDashboardQueryIsValidPromQl(@TempDir Path temporary) throws Exception {
        List<String> expressions = dashboardExpressions();
        assertTrue(expressions.size() >= 10, "dashboard queries: " + expressions);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            String expression = expressions.get(i).replace("$__rate_interval", "1m").replace("$instance", ".*");
            rules.append("      - record: dashboard:query").append(i).append('\n')
                    .append("        expr: '").append(expression.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(temporary.resolve("dashboard-rules.yml"), rules);
        Result result = run(List.of("promtool", "check", "rules", file.toString()));
        assertEquals(0, result.exitCode(), result.output() + "\n" + rules);
    }

    @Test
    void theDashboardUsesTheProvisionedDatasourceUid() throws Exception {
        String datasource = Files.readString(container.resolve("grafana/provisioning/datasources/prometheus.yaml"));
        assertTrue(datasource.contains("uid: envbench-prometheus"), datasource);
        JsonNode dashboard = new ObjectMapper().readTree(container.resolve("grafana/dashboards/envbench.json").toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            assertEquals("envbench-prometheus", panel.path("datasource").path("uid").asText(), panel.toString());
        }
    }

    /**
     * Debian bookworm's podman-compose (1.0.3) has no {@code config} command; {@code --dry-run up} parses the file
     * and prints the podman commands without starting anything, which shows the budget reaching podman. It does
     * create the project's network, which this test removes again.
     */
    @Test
    void podmanComposeTurnsTheFileIntoRunCommandsWithTheBudget() throws Exception {
        String project = "envbench-config-check";
        try {
            Result result = run(List.of("podman-compose", "--dry-run", "-p", project, "-f",
                    container.resolve("compose.yaml").toString(), "up", "-d", "--no-build"));
            assertEquals(0, result.exitCode(), result.output());
            String envbench = result.output().lines().filter(line -> line.contains("--name=" + project + "_envbench_1"))
                    .findFirst().orElseThrow(() -> new AssertionError("no run command for envbench:\n" + result.output()));
            assertTrue(envbench.contains("--cpus 1.0") && envbench.contains("-m 512m"), envbench);
            assertTrue(envbench.contains("-p 127.0.0.1:8080:8080"), envbench);
            for (String service : List.of("prometheus", "grafana")) {
                assertTrue(result.output().contains("--name=" + project + "_" + service + "_1"), result.output());
            }
        } finally {
            run(List.of("podman", "network", "rm", "-f", project + "_default"));
        }
    }

    @Test
    void dockerComposeValidatesTheFileAgainstTheComposeSchema() throws Exception {
        Assumptions.assumeTrue(onPath("docker-compose"), "docker-compose is not installed (apt-get install docker-compose)");
        Result result = run(List.of("docker-compose", "-f", container.resolve("compose.yaml").toString(), "config",
                "--quiet"));
        assertEquals(0, result.exitCode(), result.output());
    }

    static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(container().resolve("grafana/dashboards/envbench.json").toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        assertFalse(expressions.contains(""), "a dashboard target without a query");
        return expressions;
    }

    private static Path container() {
        return container != null ? container : Path.of(System.getProperty("envbench.projectDir", ".."))
                .toAbsolutePath().normalize().resolve("container");
    }

    private static boolean onPath(String command) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 2 minutes");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
