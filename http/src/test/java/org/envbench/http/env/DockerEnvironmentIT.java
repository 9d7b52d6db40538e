package org.envbench.http.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.envbench.http.host.DockerEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --container-runtime docker} for container and gvisor: dockerd started by container/docker-engine.sh where
 * none answers, the image handed over from podman ({@code podman save | docker load}), the server under runc and
 * under runsc with its own network stack, and afterwards no container of ours and, when this test started the
 * engine, no engine.
 */
@Tag("environments")
class DockerEnvironmentIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void containerAndGvisorUnderDockerLeaveNothing() throws Exception {
        Path projectDir = Path.of(System.getProperty("envbench.projectDir", "..")).toAbsolutePath().normalize();
        List<String> flags = Files.readAllLines(projectDir.resolve("container/jvm.flags")).stream()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
        Budget budget = new Budget(1, 512L << 20, flags, null);
        ContainerRuntime.Settings docker = new ContainerRuntime.Settings("docker", null);
        DockerEngine engine = DockerEngine.of(projectDir);
        // Held across both environments, so that the engine is started once; released at the end.
        engine.acquire();
        boolean started = engine.startedHere();
        try {
            for (boolean gvisor : List.of(false, true)) {
                ContainerEnvironment env = new ContainerEnvironment(projectDir, docker, ContainerEnvironment.Base.LOCAL,
                        null, gvisor);
                try (env) {
                    assertEquals(Optional.empty(), env.unavailableReason());
                    Started up = env.start(budget, Duration.ofMinutes(10));
                    System.err.printf("docker %s: healthy after %.2f s (%s)%n", env.name(),
                            up.launchToHealthySeconds(), up.detail());
                    assertEquals("docker", up.launch().engine());
                    assertEquals(gvisor ? "runsc" : "runc", up.launch().ociRuntime(), up.toString());
                    HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            up.baseUri().resolve("status")).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    JsonNode fingerprint = JSON.readTree(status.body()).path("fingerprint");
                    assertEquals(env.name(), JSON.readTree(status.body()).path("env").asText());
                    assertEquals("container", fingerprint.path("kind").asText(), fingerprint.toString());
                    assertTrue(fingerprint.toString().contains(gvisor ? "gvisor" : "docker"), fingerprint.toString());
                    assertEquals(1, env.ownContainers().size());
                    env.close();
                    assertEquals(List.of(), env.ownContainers(), "docker containers left by " + env.name());
                }
            }
        } finally {
            engine.release();
        }
        if (started) {
            CommandResult status = CommandResult.run(List.of("bash",
                    projectDir.resolve("container/docker-engine.sh").toString(), "status"), Duration.ofMinutes(1));
            assertTrue(status.output().contains("not running"), "the engine this test started is stopped: "
                    + status.output());
        }
    }
}
