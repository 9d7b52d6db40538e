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

import org.envbench.http.watch.RunMarker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bare environment with the real server: starts, answers, is pinned and sized as asked, and is stopped. */
class BareEnvironmentTest {

    @Test
    void startsPinnedAndSizedServerAndStopsIt(@TempDir Path logs) throws Exception {
        String owner = "bare-test-" + ProcessHandle.current().pid();
        Budget budget = new Budget(1, 512L << 20, List.of("-XX:+UseSerialGC"), "0");
        try (BareEnvironment bare = new BareEnvironment(System.getProperty("java.class.path"), owner, null, logs)) {
            assertEquals(Optional.empty(), bare.unavailableReason());
            Started started = bare.start(budget, Duration.ofMinutes(2));

            assertEquals("127.0.0.1", started.baseUri().getHost());
            assertTrue(started.launchToHealthySeconds() > 0);
            HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    started.baseUri().resolve("/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode());
            assertTrue(status.body().contains("\"available_processors\":1"),
                    "-XX:ActiveProcessorCount=1 from the budget: " + status.body());
            assertTrue(bare.hostResidentBytes().orElse(0) > 10_000_000L, "RSS of a JVM");

            ProcessHandle server = serverProcess(owner);
            assertTrue(server.info().commandLine().orElse("").contains("-XX:MaxRAM=536870912"));
            assertEquals("0", Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status")).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                    .split(":")[1].strip(), "taskset -c 0");

            bare.close();
            assertTrue(server.onExit().get().pid() > 0);
            assertFalse(server.isAlive(), "the server is stopped on close");
            assertTrue(bare.hostResidentBytes().isEmpty());
        }
    }

    /** compare starts each environment once per fork: the same instance must start again after close. */
    @Test
    void startsAgainAfterCloseWithTheRunMarker(@TempDir Path logs) throws Exception {
        String owner = "bare-again-" + ProcessHandle.current().pid();
        Budget budget = new Budget(1, 512L << 20, List.of("-XX:+UseSerialGC"), null);
        RunMarker marker = RunMarker.forThisProcess(owner);
        try (BareEnvironment bare = new BareEnvironment(System.getProperty("java.class.path"), owner, null, logs,
                marker)) {
            for (int start = 0; start < 2; start++) {
                bare.start(budget, Duration.ofMinutes(2));
                ProcessHandle server = serverProcess(owner);
                assertTrue(Files.readString(Path.of("/proc", Long.toString(server.pid()), "environ"))
                        .contains(RunMarker.RUN_ID_VARIABLE + "=" + owner), "the run marker reaches the server");
                bare.close();
                server.onExit().get();
                bare.close();
            }
        }
    }

    @Test
    void serverThatCannotStartIsReportedWithItsOutput(@TempDir Path logs) {
        Budget budget = new Budget(1, 512L << 20, List.of("-XX:NoSuchFlagAtAll"), null);
        try (BareEnvironment bare = new BareEnvironment(System.getProperty("java.class.path"), "bare-bad", null,
                logs)) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> bare.start(budget, Duration.ofMinutes(1)));
            assertTrue(e.getMessage().contains("exited before it was ready"), e.getMessage());
            assertTrue(e.getMessage().contains("NoSuchFlagAtAll"), "the JVM's own complaint: " + e.getMessage());
        }
    }

    @Test
    void runsTheBuildsRuntimeBesideTheJarAndThisJvmsJavaWithoutOne(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("envbench.jar"));
        Path java = Files.createDirectories(dir.resolve("runtime/bin")).resolve("java");
        try (BareEnvironment withoutRuntime = new BareEnvironment(jar.toString(), "bare-rt", null, dir)) {
            assertEquals(Path.of(System.getProperty("java.home"), "bin", "java"), withoutRuntime.javaBinary());
        }
        Files.writeString(java, "#!/bin/sh\n");
        assertTrue(java.toFile().setExecutable(true));
        try (BareEnvironment withRuntime = new BareEnvironment(jar.toString(), "bare-rt", null, dir)) {
            assertEquals(java, withRuntime.javaBinary());
        }
    }

    private static ProcessHandle serverProcess(String owner) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("-D" + BareEnvironment.OWNER_PROPERTY + "="
                        + owner))
                .findFirst().orElseThrow(() -> new AssertionError("no server process with owner " + owner));
    }
}
