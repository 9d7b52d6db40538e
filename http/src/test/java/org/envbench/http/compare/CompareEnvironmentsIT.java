package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import org.envbench.http.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare with a real container and gVisor (podman): a clean run, a container killed mid-run, and compare itself
 * interrupted with SIGTERM. Each asserts that nothing it started is left running.
 */
@Tag("environments")
class CompareEnvironmentsIT {

    private static final Profile SMOKE = Profile.named("smoke");

    @Test
    void bareContainerAndGvisorSmokeCompletesAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
        List<String> containersBefore = Leftovers.containers();
        Path out = dir.resolve("bcg-smoke-" + ProcessHandle.current().pid());

        int status = Main.commandLine().execute("compare", "--envs", "bare,container,gvisor", "--profile", "smoke",
                "--out", out.toString());

        ResultsFolderCheck results = ResultsFolderCheck.of(out);
        assertEquals(0, status, "environments: " + results.environments);
        for (String env : List.of("bare", "container", "gvisor")) {
            results.assertWhole(env, SMOKE);
        }
        assertEquals("container", results.environment("container").get("kind"));
        Map<String, String> container = results.environment("container");
        assertEquals("podman", container.get("engine"), container.toString());
        assertEquals("runc", container.get("oci_runtime"), container.toString());
        Map<String, String> gvisor = results.environment("gvisor");
        assertEquals("container", gvisor.get("kind"), gvisor.toString());
        assertEquals("runsc", gvisor.get("oci_runtime"), gvisor.toString());
        assertFalse(gvisor.get("oci_runtime_version").isEmpty(), gvisor.toString());
        assertEquals("ptrace", gvisor.get("gvisor_platform"), gvisor.toString());
        assertEquals("sandbox", gvisor.get("gvisor_network"), gvisor.toString());
        assertTrue(gvisor.get("os").contains("4.4.0"), "gVisor's kernel, not the host's: " + gvisor);
        assertEquals(6, results.latency.size(), "closed and open loop for each environment");
        assertNothingLeft(out, containersBefore);
    }

    @Test
    void containerKilledMidRunIsRecordedAndBareStaysWhole(@TempDir Path dir) throws Exception {
        List<String> containersBefore = Leftovers.containers();
        Path out = dir.resolve("bc-fault-" + ProcessHandle.current().pid());
        try (ChildCompare compare = smoke("bare,container", out, dir)) {
            Matcher healthy = compare.awaitLine("container healthy after .* at http://127\\.0\\.0\\.1:(\\d+)/", 900);
            String port = healthy.group(1);
            compare.awaitLine("measuring round 1", 300);
            List<String> ours = Leftovers.containerPublishing(port);
            assertEquals(1, ours.size(), "one labelled container publishes port " + port + ": " + ours);
            Leftovers.podman("kill", ours.get(0));

            assertEquals(1, compare.waitFor(600), "exit status with a failed environment; stderr:\n"
                    + compare.stderr());
        }
        ResultsFolderCheck results = ResultsFolderCheck.of(out);
        Map<String, String> container = results.environment("container");
        assertEquals("failed", container.get("status"));
        assertFalse(container.get("failure_reason").isEmpty());
        assertEquals("ok", results.environment("bare").get("status"));
        results.assertWhole("bare", SMOKE);
        assertNothingLeft(out, containersBefore);
    }

    @Test
    void sigtermStopsEverythingAndWritesWholeFiles(@TempDir Path dir) throws Exception {
        List<String> containersBefore = Leftovers.containers();
        Path out = dir.resolve("bc-sigterm-" + ProcessHandle.current().pid());
        try (ChildCompare compare = smoke("bare,container,gvisor", out, dir)) {
            compare.awaitLine("measuring round 1", 900);
            // Rows are recorded when their turn ends, and the progress line is redrawn only now and then: once round
            // 2 begins, round 1's rows are all in, and load and round 2 leave half a minute for the SIGTERM.
            compare.awaitLine("measuring round 2", 300);
            compare.interrupt();
        }
        ResultsFolderCheck results = ResultsFolderCheck.of(out);
        results.assertInterrupted(List.of("bare", "container", "gvisor"));
        assertTrue(results.httpRows("bare", "sha256") >= 1, "the samples measured before SIGTERM are kept");
        assertNothingLeft(out, containersBefore);
    }

    /** {@code compare --envs ENVS --profile smoke --out OUT} as a child process. */
    private static ChildCompare smoke(String envs, Path out, Path dir) throws IOException {
        return new ChildCompare(List.of("--envs", envs, "--profile", "smoke", "--out", out.toString()), dir);
    }

    private static void assertNothingLeft(Path out, List<String> containersBefore) throws Exception {
        String runId = out.getFileName().toString();
        assertEquals(List.of(), Leftovers.markedProcesses(runId), "processes left running");
        // By the run's own label: other envbench runs on a shared machine start and remove containers meanwhile.
        assertEquals(List.of(), Leftovers.containersOfRun(runId), "containers of run " + runId + " left behind");
    }
}
