package org.envbench.http.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: builds the Debian JRE base and the app image with podman, runs the server with one CPU and
 * 512 MiB, checks what the server sees from inside, runs one short JMH benchmark in the same image, and checks
 * that nothing it started is left. Needs podman; runs with -Penvironments
 * after the jars are packaged (failsafe).
 */
@Tag("environments")
class ContainerEnvironmentIT {

    private static final long MEMORY_BYTES = 512L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path projectDir;
    private static List<String> jvmFlags;

    @BeforeAll
    static void findProject() throws Exception {
        projectDir = Path.of(System.getProperty("envbench.projectDir", "..")).toAbsolutePath().normalize();
        jvmFlags = Files.readAllLines(projectDir.resolve("container/jvm.flags")).stream()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static ContainerEnvironment podman() {
        ContainerRuntime.Settings fromEnvironment = ContainerRuntime.Settings.fromEnvironment(System.getenv());
        return new ContainerEnvironment(projectDir, new ContainerRuntime.Settings("podman", fromEnvironment.runArgs()),
                ContainerEnvironment.Base.LOCAL);
    }

    @Test
    void serverRunsInsideItsBudgetAsNonRootAndNothingIsLeftAfterClose() throws Exception {
        String container;
        ContainerEnvironment environment = podman();
        try (environment) {
            assertEquals(java.util.Optional.empty(), environment.unavailableReason());
            Started started = environment.start(new Budget(1, MEMORY_BYTES, jvmFlags, null), Duration.ofMinutes(3));
            container = environment.currentContainer().orElseThrow();
            assertEquals(1, environment.ownContainers().size(), "the server's container carries the owner label");
            assertTrue(environment.managedContainers().containsAll(environment.ownContainers()),
                    "the server's container carries " + ContainerEnvironment.LABEL);
            URI base = started.baseUri();
            assertEquals("127.0.0.1", base.getHost());
            assertTrue(started.detail().startsWith("podman/"), started.detail());
            assertTrue(started.launchToHealthySeconds() > 0, "launch to healthy " + started.launchToHealthySeconds());

            HttpResponse<String> health = get(base.resolve("health"));
            assertEquals(200, health.statusCode());
            assertEquals("UP", JSON.readTree(health.body()).path("status").asText());

            HttpResponse<String> statusResponse = get(base.resolve("status"));
            assertEquals(200, statusResponse.statusCode(), statusResponse.body());
            JsonNode fingerprint = fingerprintOf(JSON.readTree(statusResponse.body()));
            assertEquals("container", fingerprint.path("kind").asText(), fingerprint.toString());
            assertEquals(1.0, fingerprint.path("effectiveCpus").asDouble(), 1e-9, fingerprint.toString());
            assertEquals(MEMORY_BYTES, fingerprint.path("memoryLimitBytes").asLong(), fingerprint.toString());

            CommandResult uid = CommandResult.run(
                    environment.runtime().command("exec", container, "id", "-u"), Duration.ofMinutes(1));
            assertTrue(uid.succeeded(), uid.output());
            assertNotEquals("0", uid.output().strip());
            assertEquals("10001", uid.output().strip());

            HttpResponse<String> metrics = get(base.resolve("metrics"));
            assertEquals(200, metrics.statusCode());
            assertEquals(OptionalDouble.of(1.0), sample(metrics.body(), "envbench_cgroup_cpu_quota_cpus"));
            assertEquals(OptionalDouble.of(MEMORY_BYTES), sample(metrics.body(), "envbench_cgroup_memory_limit_bytes"));

            HttpResponse<String> run = get(base.resolve("run/sha256?size=1024&iterations=3"));
            assertEquals(200, run.statusCode(), run.body());
            String afterRun = get(base.resolve("metrics")).body();
            for (String metric : dashboardMetrics()) {
                assertTrue(exported(afterRun, metric), "the Grafana dashboard queries " + metric
                        + ", which the server in the container does not export");
            }

            OptionalLong resident = environment.hostResidentBytes();
            assertTrue(resident.isPresent(), "no resident memory figure for the container");
            assertTrue(resident.getAsLong() > 16L * 1024 * 1024 && resident.getAsLong() <= MEMORY_BYTES,
                    "resident " + resident.getAsLong() + " bytes, expected between 16 MiB and the 512 MiB limit");
        }
        CommandResult left = CommandResult.run(environment.runtime().command("ps", "-a", "-q", "--filter",
                "name=" + container), Duration.ofMinutes(1));
        assertTrue(left.succeeded(), left.output());
        assertEquals("", left.output().strip(), "container " + container + " still exists after close");
        // Only this environment's own: other runs on the same machine may have labelled containers running.
        assertEquals(List.of(), environment.ownContainers(), "containers this environment started are left");
    }

    @Test
    void jmhRunsInTheSameImageAndItsJsonComesBack(@TempDir Path results) throws Exception {
        String benchmark = oneBenchmark();
        Path json = results.resolve("jmh-container.json");
        try (ContainerEnvironment environment = podman()) {
            // One fork, no warm-up, one short iteration on the smallest size: this checks the plumbing, not speed.
            List<String> jmhArgs = List.of("-f", "1", "-wi", "0", "-i", "1", "-r", "200ms", "-p", "size=1024",
                    "^" + benchmark.replace(".", "\\.") + "$");
            environment.runJmh(new Budget(1, MEMORY_BYTES, jvmFlags, null), jmhArgs, json, Duration.ofMinutes(10));
            assertEquals(List.of(), environment.ownContainers(), "the JMH container is left");
        }
        JsonNode runs = JSON.readTree(json.toFile());
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(benchmark, runs.path(0).path("benchmark").asText(), runs.toString());
        assertTrue(runs.path(0).path("primaryMetric").path("score").asDouble() > 0, runs.toString());
    }

    /** The SHA-256 benchmark from the jar's own list, so that the name is the one JMH reports. */
    private static String oneBenchmark() throws Exception {
        CommandResult list = CommandResult.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", projectDir.resolve("jmh/benchmarks.jar").toString(), "-l"), Duration.ofMinutes(1));
        assertTrue(list.succeeded(), list.output());
        List<String> names = list.output().lines().map(String::strip)
                .filter(line -> line.startsWith("org.envbench.") && line.contains("Sha256")).toList();
        assertEquals(1, names.size(), "one SHA-256 benchmark in jmh/benchmarks.jar: " + list.output());
        return names.get(0);
    }

    /** The metric names the Grafana dashboard queries (container/grafana/dashboards/envbench.json). */
    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = JSON.readTree(projectDir.resolve("container/grafana/dashboards/envbench.json").toFile());
        Set<String> metrics = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b(envbench_[a-z_]+|jvm_[a-z_]+|process_[a-z_]+)").matcher("");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                matcher.reset(target.path("expr").asText());
                while (matcher.find()) {
                    metrics.add(matcher.group(1));
                }
            }
        }
        assertTrue(metrics.size() >= 10, "dashboard metrics: " + metrics);
        return metrics;
    }

    /** A sample of {@code metric}, or its family's TYPE line (a labelled counter shows no sample before its first event). */
    private static boolean exported(String exposition, String metric) {
        String family = metric.replaceAll("_(bucket|sum|count|total)$", "");
        return exposition.lines().anyMatch(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{")
                || line.startsWith("# TYPE " + metric + " ") || line.startsWith("# TYPE " + family + " "));
    }

    /** The fingerprint inside /status, wherever serve nests it. */
    private static JsonNode fingerprintOf(JsonNode status) {
        for (String field : List.of("fingerprint", "environment")) {
            if (status.path(field).isObject()) {
                return status.path(field);
            }
        }
        return status;
    }

    private static OptionalDouble sample(String exposition, String name) {
        return exposition.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
