package org.envbench.http.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.envbench.http.env.Budget;
import org.envbench.http.env.Started;
import org.envbench.http.env.VmEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Builds the VM image, boots it with {@code auto} acceleration (TCG on machines where KVM guests hang) and
 * talks HTTP to the server inside. Needs root, mmdebstrap, qemu and the jars from {@code ./mvnw package}.
 */
@Tag("environments")
class VmEnvironmentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static VmEnvironment vm;
    private static Started started;
    private static long qemuPid;

    @BeforeAll
    static void boot() throws Exception {
        Path repo = VmEnvironment.locateVmDir().getParent();
        for (Path jar : List.of(repo.resolve("http/envbench.jar"), repo.resolve("jmh/benchmarks.jar"))) {
            assertTrue(Files.isRegularFile(jar), jar + " is missing; run ./mvnw -B package -DskipTests first");
        }
        vm = new VmEnvironment();
        Optional<String> unavailable = vm.unavailableReason();
        assertTrue(unavailable.isEmpty(), unavailable.orElse(""));
        started = vm.start(new Budget(2, 1536L << 20, jvmFlags(), null), Duration.ofMinutes(6));
        qemuPid = vm.qemuPid().orElseThrow();
        System.out.printf(Locale.ROOT, "VM healthy %.1f s after launch: %s%n", started.launchToHealthySeconds(),
                started.detail());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (vm == null) {
            return;
        }
        vm.close();
        if (qemuPid > 0) {
            ProcessHandle.of(qemuPid).ifPresent(h -> h.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> h).join());
            assertFalse(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false),
                    "qemu " + qemuPid + " is still running after close()");
        }
        String port = Integer.toString(started == null ? -1 : started.baseUri().getPort());
        assertTrue(ProcessHandle.allProcesses()
                        .map(p -> p.info().commandLine().orElse(""))
                        .noneMatch(c -> c.contains("qemu-system") && c.contains("127.0.0.1:" + port + "-:8080")),
                "a qemu process forwarding port " + port + " outlived close()");
    }

    @Test
    void healthAnswersThroughTheForwardedPort() throws Exception {
        HttpResponse<String> health = get("health");
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("UP", JSON.readTree(health.body()).path("status").asText(), health.body());
        assertEquals("127.0.0.1", started.baseUri().getHost());
        assertTrue(started.launchToHealthySeconds() > 0, started.toString());
    }

    @Test
    void detailNamesHypervisorAndAcceleration() {
        assertTrue(started.detail().matches("qemu (kvm|tcg).*"), started.detail());
        assertTrue(vm.hostResidentBytes().orElse(0) > 64L << 20, "qemu RSS " + vm.hostResidentBytes());
    }

    @Test
    void statusSaysVmWithHypervisorAndAcceleration() throws Exception {
        HttpResponse<String> status = get("status");
        assertEquals(200, status.statusCode(), status.body());
        JsonNode fingerprint = JSON.readTree(status.body()).path("fingerprint");
        assertEquals("vm", fingerprint.path("kind").asText(), status.body());
        String accel = started.detail().split(" ")[1];
        assertEquals(accel, fingerprint.path("accel").asText().toLowerCase(Locale.ROOT), status.body());
        assertTrue(fingerprint.path("virtualization").asText().toLowerCase(Locale.ROOT).matches(".*(qemu|kvm|tcg).*"),
                "hypervisor not named in " + status.body());
    }

    @Test
    void sha256RunsVerifiedInsideTheVm() throws Exception {
        HttpResponse<String> run = get("run/sha256?size=1048576&iterations=2");
        assertEquals(200, run.statusCode(), run.body());
        JsonNode result = JSON.readTree(run.body());
        assertEquals("sha256", result.path("kernel").asText(), run.body());
        assertTrue(result.path("verified").asBoolean(), run.body());
        assertTrue(result.path("durationNanos").asLong(result.path("duration_ns").asLong()) > 0, run.body());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = started.baseUri().resolve(path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> jvmFlags() throws IOException {
        try (InputStream in = VmEnvironment.class.getResourceAsStream("/org/envbench/http/jvm.flags")) {
            assertTrue(in != null, "jvm.flags resource missing from the http module");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).toList();
        }
    }
}
