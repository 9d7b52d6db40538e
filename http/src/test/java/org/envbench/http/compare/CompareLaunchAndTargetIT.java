package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.envbench.http.Main;
import org.envbench.http.env.LaunchTools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare with the new kinds of environment: two launch commands (bubblewrap, systemd-nspawn) and a target, a serve
 * in a network namespace made by container/netns-host.sh standing for another host. A clean smoke run, and compare
 * stopped with SIGTERM; after each nothing compare started is left, and the target, which it must not manage,
 * still runs.
 */
@Tag("environments")
class CompareLaunchAndTargetIT {

    private static final Profile SMOKE = Profile.named("smoke");
    private static final Path PROJECT = Path.of(System.getProperty("envbench.projectDir", "..")).toAbsolutePath()
            .normalize();

    @Test
    void launchCommandsAndATargetInOneSmokeRun(@TempDir Path dir) throws Exception {
        long pid = ProcessHandle.current().pid();
        String namespace = "envbench-" + (pid % 10000);
        String subnet = "10.200." + (pid % 250 + 1);
        Path out = dir.resolve("lt-smoke-" + pid);
        Process target = null;
        try {
            run(List.of("bash", PROJECT.resolve("container/netns-host.sh").toString(), "up", namespace, subnet));
            target = new ProcessBuilder("ip", "netns", "exec", namespace,
                    PROJECT.resolve("http/runtime/bin/java").toString(), "-jar",
                    PROJECT.resolve("http/envbench.jar").toString(), "serve", "--host", "0.0.0.0", "--port", "8080",
                    "--env-label", "ns").redirectErrorStream(true).redirectOutput(dir.resolve("ns.log").toFile())
                    .start();
            URI url = URI.create("http://" + subnet + ".2:8080/");
            awaitHealthy(url, target);

            int status = Main.commandLine().execute("compare", "--envs", "bare",
                    "--env-command", LaunchTools.bubblewrap(),
                    "--env-command", LaunchTools.nspawn(PROJECT, LaunchTools.rootfs(PROJECT)),
                    "--target", "ns=" + url, "--profile", "smoke", "--out", out.toString());

            ResultsFolderCheck results = ResultsFolderCheck.of(out);
            assertEquals(0, status, "environments: " + results.environments);
            for (String env : List.of("bare", "bwrap", "nspawn", "ns")) {
                results.assertWhole(env, SMOKE);
            }
            for (String env : List.of("bwrap", "nspawn")) {
                Map<String, String> row = results.environment(env);
                assertEquals("yes", row.get("managed"), row.toString());
                assertEquals("loopback", row.get("network_path"), row.toString());
                assertTrue(row.get("launch_command").contains("serve --port "), row.toString());
                assertFalse(row.get("startup_seconds").isEmpty(), row.toString());
                assertFalse(row.get("host_rss_bytes").isEmpty(), row.toString());
            }
            assertEquals("container", results.environment("nspawn").get("kind"));
            Map<String, String> ns = results.environment("ns");
            assertEquals("no", ns.get("managed"), ns.toString());
            assertEquals("network", ns.get("network_path"), ns.toString());
            assertEquals(url.toString(), ns.get("launch_command"), ns.toString());
            assertEquals("", ns.get("startup_seconds"), ns.toString());
            assertEquals("", ns.get("host_rss_bytes"), ns.toString());
            assertFalse(ns.get("idle_rss_bytes").isEmpty(), "idle memory from the target's /status: " + ns);

            assertEquals(List.of(), Leftovers.markedProcesses(out.getFileName().toString()), "processes left");
            assertTrue(target.isAlive(), "compare must not stop a target");
            awaitHealthy(url, target);
        } finally {
            if (target != null) {
                target.destroy();
                if (!target.waitFor(20, TimeUnit.SECONDS)) {
                    target.destroyForcibly();
                }
            }
            run(List.of("bash", PROJECT.resolve("container/netns-host.sh").toString(), "down", namespace));
        }
    }

    @Test
    void sigtermStopsEveryLaunchCommandTree(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("lt-sigterm-" + ProcessHandle.current().pid());
        try (ChildCompare compare = new ChildCompare(List.of("--envs", "bare", "--env-command",
                LaunchTools.bubblewrap(), "--env-command", LaunchTools.nspawn(PROJECT, LaunchTools.rootfs(PROJECT)),
                "--profile", "smoke", "--out", out.toString()), dir)) {
            compare.awaitLine("measuring round 1", 300);
            // Into the rounds, where the environments not measured are stopped (SIGSTOP) by the Freezer.
            Thread.sleep(4000);
            compare.interrupt();
        }
        ResultsFolderCheck.of(out).assertInterrupted(List.of("bwrap", "nspawn"));
        assertEquals(List.of(), Leftovers.markedProcesses(out.getFileName().toString()), "processes left");
    }

    private static void awaitHealthy(URI url, Process server) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(url.resolve("health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server in the namespace did not answer " + url + "health");
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command));
    }
}
