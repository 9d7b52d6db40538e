package org.envbench.http.compare;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare killed with SIGKILL once an environment is healthy, as a user's {@code kill -9} or the OOM killer does:
 * no shutdown hook runs, so the container (or the VM's qemu) stays. The next compare, the cheapest one that starts
 * ({@code --envs bare --profile smoke}), must remove it and say so; the killed run's folder says it never ended.
 *
 * <p>Both compares get {@code --beside-other-runs}: on a shared machine another suite's compare may be alive, and
 * what is asserted here is the reaping of a dead owner's leftovers, which that option does not change.
 */
@Tag("environments")
class KilledCompareIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKilledRunsContainerIsRemovedAndReportedByTheNextCompare(@TempDir Path dir) throws Exception {
        // The image may be built first (a few minutes from a clean clone); a built one starts in seconds.
        Killed killed = killWhenHealthy(dir, "killed-container", List.of("--envs", "bare,container"), "container",
                900, KilledCompareIT::containerOfRun);
        String container = killed.leftover();
        assertEquals(List.of("running"), Leftovers.podman("inspect", "--format", "{{.State.Status}}", container),
                "SIGKILL runs no hook: the container is still there");

        String removals = nextCompareReaps(dir);
        assertTrue(removals.contains("compare: removed container " + container + " (podman, running) of run "
                + killed.runId() + " (owner pid " + killed.ownerPid() + " is dead)"), removals);
        assertEquals(List.of(), Leftovers.containersOfRun(killed.runId()), "containers of the killed run");
        // Its bare server JVM was left too, and goes the same way.
        assertEquals(List.of(), Leftovers.markedProcesses(killed.runId()), "processes of the killed run");
    }

    @Test
    void aKilledRunsQemuIsRemovedAndReportedByTheNextCompare(@TempDir Path dir) throws Exception {
        // tcg: auto would first spend 20 s on a KVM probe that fails on this kind of host; the boot is what counts.
        // The image comes from vm/build-image.sh's cache when its inputs are unchanged (VmEnvironmentIT builds it,
        // half a minute for a new jar); a TCG boot takes 20-100 s depending on the machine's load.
        Killed killed = killWhenHealthy(dir, "killed-vm", List.of("--envs", "vm", "--vm-accel", "tcg"), "vm", 1500,
                runId -> Long.toString(qemuOfRun(runId)));
        long qemuPid = Long.parseLong(killed.leftover());
        assertTrue(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false),
                "SIGKILL runs no hook: qemu " + qemuPid + " is still running");

        String removals = nextCompareReaps(dir);
        String removed = removals.lines().filter(l -> l.startsWith("compare: removed process ")
                && l.endsWith(" of run " + killed.runId() + " (owner pid " + killed.ownerPid() + " is dead)"))
                .findFirst().orElseThrow(() -> new AssertionError("no removal of run " + killed.runId()
                        + "'s launcher tree in:\n" + removals));
        assertTrue(removed.contains("below it"), "qemu is below the launcher: " + removed);
        assertFalse(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false),
                "qemu " + qemuPid + " outlived the next compare");
        assertEquals(List.of(), Leftovers.markedProcesses(killed.runId()), "processes of the killed run");
    }

    /** What a killed run left: its id, the dead owner's pid, and the leftover a test follows (container, qemu pid). */
    private record Killed(String runId, long ownerPid, String leftover) {
    }

    /** Finds, in a live run, the leftover a test follows. */
    private interface LeftoverOfRun {
        String find(String runId) throws Exception;
    }

    /**
     * Starts {@code compare ENVS --profile smoke}, waits until {@code env} is healthy, notes its leftover and kills
     * compare with SIGKILL; asserts that the folder says the run did not end.
     */
    private static Killed killWhenHealthy(Path dir, String name, List<String> envs, String env, long seconds,
                                          LeftoverOfRun leftoverOfRun) throws Exception {
        Path out = dir.resolve(name + "-" + ProcessHandle.current().pid());
        String runId = out.getFileName().toString();
        List<String> args = new ArrayList<>(envs);
        args.addAll(List.of("--profile", "smoke", "--beside-other-runs", "--out", out.toString()));
        Killed killed;
        try (ChildCompare compare = new ChildCompare(args, Files.createDirectories(dir.resolve("killed")))) {
            compare.awaitLine("compare: " + env + " healthy after", seconds);
            killed = new Killed(runId, compare.process.pid(), leftoverOfRun.find(runId));
            compare.process.destroyForcibly();
            assertTrue(compare.process.waitFor(30, TimeUnit.SECONDS), "compare outlived SIGKILL");
            assertEquals(137, compare.process.exitValue(), "killed by SIGKILL");
        }
        JsonNode run = runJson(out);
        assertEquals("running", run.path("status").asText(), "the killed run's run.json: " + run);
        return killed;
    }

    /** The name of run {@code runId}'s one container. */
    private static String containerOfRun(String runId) throws Exception {
        List<String> ids = Leftovers.containersOfRun(runId);
        assertEquals(1, ids.size(), "one container of run " + runId + ": " + ids);
        return Leftovers.podman("inspect", "--format", "{{.Name}}", ids.get(0)).get(0).replaceFirst("^/", "");
    }

    /**
     * Runs the cheapest compare that goes through the leftover check; the lines of its stderr that say what it
     * removed, after checking that its run.json's {@code leftovers} holds the same.
     */
    private static String nextCompareReaps(Path dir) throws Exception {
        Path out = dir.resolve("next-" + ProcessHandle.current().pid());
        try (ChildCompare next = new ChildCompare(List.of("--envs", "bare", "--profile", "smoke",
                "--beside-other-runs", "--out", out.toString()), Files.createDirectories(dir.resolve("next")))) {
            assertEquals(0, next.waitFor(600), "the next compare; stderr:\n" + next.stderr());
            List<String> removals = next.stderr().lines().filter(l -> l.startsWith("compare: removed "))
                    .map(l -> l.substring("compare: ".length())).toList();
            List<String> recorded = new ArrayList<>();
            runJson(out).path("leftovers").forEach(line -> recorded.add(line.asText()));
            for (String removal : removals) {
                assertTrue(recorded.contains(removal), "run.json's leftovers " + recorded + " lack: " + removal);
            }
            return String.join("\n", next.stderr().lines().filter(l -> l.startsWith("compare: removed ")).toList());
        }
    }

    /** The qemu that carries run {@code runId}'s marker (inherited from the launcher), within 30 s. */
    private static long qemuOfRun(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<Long> found = Leftovers.markedProcesses(runId).stream()
                    .filter(line -> line.contains("qemu-system"))
                    .map(line -> Long.parseLong(line.substring(0, line.indexOf(' '))))
                    .toList();
            if (found.size() == 1) {
                return found.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no single qemu-system process with run " + runId + "'s marker: "
                + Leftovers.markedProcesses(runId));
    }

    private static JsonNode runJson(Path out) throws IOException {
        return JSON.readTree(Files.readString(out.resolve("run.json"), StandardCharsets.UTF_8));
    }
}
