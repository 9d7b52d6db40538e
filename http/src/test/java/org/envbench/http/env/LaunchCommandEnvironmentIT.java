package org.envbench.http.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --env-command} with the two real tools of the environments suite: each starts serve on the build's
 * runtime, its whole tree can be stopped and continued (SIGSTOP makes /health time out), close ends every process
 * of it, and the same instance starts again.
 */
@Tag("environments")
class LaunchCommandEnvironmentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest
    @ValueSource(strings = {"bwrap", "nspawn"})
    void toolStartsPausesStopsAndStartsAgain(String tool, @TempDir Path logs) throws Exception {
        Path projectDir = Path.of(System.getProperty("envbench.projectDir", "..")).toAbsolutePath().normalize();
        Path jar = projectDir.resolve("http/envbench.jar");
        Path java = projectDir.resolve("http/runtime/bin/java");
        String option = tool.equals("bwrap") ? LaunchTools.bubblewrap()
                : LaunchTools.nspawn(projectDir, LaunchTools.rootfs(projectDir));
        List<String> flags = Files.readAllLines(projectDir.resolve("container/jvm.flags")).stream()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
        Budget budget = new Budget(1, 512L << 20, flags, null);
        LaunchCommandEnvironment env = new LaunchCommandEnvironment(
                LaunchCommandEnvironment.Definition.parse(option), jar, java, logs, null);
        assertEquals(Optional.empty(), env.unavailableReason());
        String runtimeVersion = CommandResult.run(List.of(java.toString(), "-version"), Duration.ofMinutes(1))
                .output().lines().skip(1).findFirst().orElseThrow();
        try {
            for (int start = 1; start <= 2; start++) {
                Started started = env.start(budget, Duration.ofMinutes(1));
                System.err.printf("%s start %d: healthy after %.2f s%n", tool, start, started.launchToHealthySeconds());
                JsonNode status = JSON.readTree(get(started.baseUri().resolve("status"), 10).body());
                assertEquals(tool, status.path("env").asText(), status.toString());
                assertTrue(runtimeVersion.contains(status.path("fingerprint").path("jvm").path("version").asText()),
                        "the build's runtime (" + runtimeVersion + ") runs: " + status.path("fingerprint").path("jvm"));
                if (tool.equals("nspawn")) {
                    assertEquals("container", status.path("fingerprint").path("kind").asText(), status.toString());
                }
                List<ProcessHandle> tree = env.hostProcesses();
                assertTrue(tree.size() >= 2, "the tool and the JVM: " + tree);
                assertTrue(env.hostResidentBytes().orElseThrow() > 16L << 20);

                signal("STOP", tree);
                assertThrowsTimeout(started);
                signal("CONT", tree);
                assertEquals(200, get(started.baseUri().resolve("health"), 10).statusCode());

                env.close();
                for (ProcessHandle process : tree) {
                    assertFalse(process.isAlive(), tool + " left " + process.pid() + " "
                            + process.info().commandLine().orElse("?"));
                }
            }
        } finally {
            env.close();
        }
    }

    private static void assertThrowsTimeout(Started started) {
        try {
            get(started.baseUri().resolve("health"), 1);
            throw new AssertionError("a stopped tree still answered /health");
        } catch (java.net.http.HttpTimeoutException expected) {
            // stopped, as compare's Freezer needs it
        } catch (Exception e) {
            throw new AssertionError("expected a timeout from a stopped tree, got " + e, e);
        }
    }

    private static void signal(String name, List<ProcessHandle> tree) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + name));
        tree.forEach(p -> command.add(Long.toString(p.pid())));
        assertEquals(0, new ProcessBuilder(command).inheritIO().start().waitFor());
    }

    private static HttpResponse<String> get(java.net.URI uri, int seconds) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(seconds)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
