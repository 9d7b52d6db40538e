package org.envbench.http.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real host processes with the run marker in their environment, real owners that are dead or alive, and a fake
 * container runtime that hangs. The scan sees the whole machine (other engineers' processes too), so every test
 * looks only at its own run id and reaps only what it started.
 */
class ReaperTest {

    /** The scanning run: owns nothing these tests start. */
    private static final RunMarker SCANNER = new RunMarker("scanner", Long.MAX_VALUE, 0, "");

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : started) {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process.toHandle());
            signal("CONT", all.stream().map(ProcessHandle::pid).toList());
            all.forEach(ProcessHandle::destroyForcibly);
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStoppedTreeOfADeadOwnerIsFoundAndKilledWithSigterm() throws Exception {
        RunMarker dead = deadOwner("reaper-test-dead-" + UUID.randomUUID().toString().substring(0, 8));
        Process tree = start(dead, "sh", "-c", "sleep 61 & sleep 62 & wait");
        awaitTreeSize(tree, 3);
        // As a compare killed during another environment's turn leaves it: stopped.
        signal("STOP", tree.descendants().map(ProcessHandle::pid).toList());
        signal("STOP", List.of(tree.pid()));

        Reaper reaper = new Reaper(SCANNER, List.of(), Duration.ofSeconds(10), Duration.ofSeconds(8));
        Reaper.Scan scan = reaper.scan();
        Leftover leftover = only(scan, dead.runId());
        assertEquals(Leftover.Kind.PROCESS, leftover.kind());
        assertEquals(Long.toString(tree.pid()), leftover.id(), "the top of the marked tree stands for it");
        assertEquals(3, leftover.pids().size(), leftover.toString());
        assertEquals(RunMarker.Owner.DEAD, leftover.owner());
        assertTrue(scan.ofDeadOwners().contains(leftover));
        assertTrue(scan.warnings().stream().noneMatch(w -> w.contains(dead.runId())), scan.warnings().toString());

        List<Reaper.Removal> removals = reaper.reap(List.of(leftover));
        assertEquals(1, removals.size());
        Reaper.Removal removal = removals.get(0);
        assertTrue(removal.removed(), removal.describe());
        assertEquals("", removal.detail(), "SIGTERM after SIGCONT is enough; no SIGKILL: " + removal.describe());
        assertTrue(removal.describe().startsWith("removed process " + tree.pid() + " (sh -c sleep 61"),
                removal.describe());
        assertTrue(removal.describe().endsWith("of run " + dead.runId() + " (owner pid " + dead.ownerPid()
                + " is dead)"), removal.describe());
        assertTrue(tree.waitFor(10, TimeUnit.SECONDS));
        for (Leftover.ProcessId id : leftover.pids()) {
            assertFalse(Reaper.running(id), "pid " + id.pid() + " still runs");
        }
        assertTrue(reaper.scan().leftovers().stream().noneMatch(l -> dead.equals(l.marker())));
    }

    @Test
    void aLiveOwnersProcessIsReportedAndKept() throws Exception {
        RunMarker alive = RunMarker.forThisProcess("reaper-test-live-" + UUID.randomUUID().toString().substring(0, 8));
        Process sleeper = start(alive, "sleep", "60");
        awaitTreeSize(sleeper, 1);

        Reaper reaper = new Reaper(SCANNER, List.of(), Duration.ofSeconds(10), Duration.ofSeconds(2));
        Reaper.Scan scan = reaper.scan();
        Leftover leftover = only(scan, alive.runId());
        assertEquals(RunMarker.Owner.ALIVE, leftover.owner());
        assertFalse(scan.ofDeadOwners().contains(leftover));
        String warning = scan.warnings().stream().filter(w -> w.contains(alive.runId())).findFirst().orElseThrow();
        assertEquals("WARNING run " + alive.runId() + " (pid " + ProcessHandle.current().pid()
                + ", alive) has environments running: process " + sleeper.pid() + " (sleep 60); measuring beside "
                + "them would disturb the figures", warning);

        Reaper.Removal removal = reaper.reap(List.of(leftover)).get(0);
        assertFalse(removal.removed());
        assertEquals("its owner is alive", removal.detail());
        assertTrue(sleeper.isAlive(), "a live run's process is never killed");
    }

    @Test
    void aProcessWithTheOldCommandLineMarkButNoOwnerIsReportedAndKept() throws Exception {
        String mark = Reaper.OLD_COMMAND_LINE_MARK + "reaper-test-old-" + UUID.randomUUID().toString().substring(0, 8);
        Process old = new ProcessBuilder("sh", "-c", "sleep 60; exit 0", "sh", mark).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(old);
        awaitTreeSize(old, 2);

        Reaper reaper = new Reaper(SCANNER, List.of(), Duration.ofSeconds(10), Duration.ofSeconds(2));
        Reaper.Scan scan = reaper.scan();
        List<Leftover> ours = scan.leftovers().stream().filter(l -> l.name().contains(mark)).toList();
        assertEquals(1, ours.size(), "the top of the tree only: " + ours);
        Leftover leftover = ours.get(0);
        assertEquals(RunMarker.Owner.UNKNOWN, leftover.owner());
        assertEquals(null, leftover.marker());
        assertFalse(scan.ofDeadOwners().contains(leftover), "an unknown owner may be alive");
        String what = "process " + old.pid() + " (sh -c sleep 60; exit 0 sh " + mark;
        assertTrue(scan.warnings().stream().anyMatch(w -> w.startsWith("WARNING envbench environments with no "
                + "recorded owner are there: ") && w.contains(what)), scan.warnings().toString());
        Reaper.Removal removal = reaper.reap(List.of(leftover)).get(0);
        assertFalse(removal.removed(), removal.describe());
        assertTrue(old.isAlive());
    }

    @Test
    void aRunDoesNotSeeItsOwnProcesses() throws Exception {
        RunMarker self = RunMarker.forThisProcess("reaper-test-own-" + UUID.randomUUID().toString().substring(0, 8));
        Process sleeper = start(self, "sleep", "60");
        awaitTreeSize(sleeper, 1);
        Reaper.Scan scan = new Reaper(self, List.of(), Duration.ofSeconds(10), Duration.ofSeconds(2)).scan();
        assertTrue(scan.leftovers().stream().noneMatch(l -> self.equals(l.marker())), scan.leftovers().toString());
    }

    @Test
    void aHangingRuntimeIsAProblemNotAHang(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("podman");
        Files.writeString(fake, "#!/bin/sh\nsleep 600\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Reaper reaper = new Reaper(SCANNER, List.of(fake), Duration.ofSeconds(1), Duration.ofSeconds(1));
        long startNanos = System.nanoTime();
        Reaper.Scan scan = reaper.scan();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        assertTrue(seconds < 30, "the scan took " + seconds + " s with a 1 s bound");
        assertEquals(1, scan.problems().size(), scan.problems().toString());
        assertTrue(scan.problems().get(0).startsWith("'podman ps' did not answer within 1 s and was killed"),
                scan.problems().get(0));
    }

    @Test
    void inspectLinesOfDockerAndPodmanGiveTheMarker() {
        RunMarker marker = new RunMarker("r1", 123, 456, "b00t");
        String labels = "{\"org.envbench.managed\":\"true\",\"org.envbench.run\":\"r1\",\"org.envbench.owner.pid\":"
                + "\"123\",\"org.envbench.owner.start\":\"456\",\"org.envbench.owner.boot\":\"b00t\"}";
        Leftover docker = Reaper.parseInspectLine("0123456789abcdef\t/envbench-1\texited\t" + labels, "docker")
                .orElseThrow();
        assertEquals("envbench-1", docker.name());
        assertEquals(marker, docker.marker());
        assertEquals(RunMarker.Owner.DEAD, docker.owner(), "another boot's owner is dead");
        assertEquals("container envbench-1 (docker, exited)", docker.what());

        Leftover old = Reaper.parseInspectLine("0123456789abcdef\tenvbench-2\trunning\t"
                + "{\"org.envbench.managed\":\"true\",\"org.envbench.owner\":\"some-uuid\"}", "podman").orElseThrow();
        assertEquals(null, old.marker());
        assertEquals(RunMarker.Owner.UNKNOWN, old.owner());
        assertTrue(Reaper.parseInspectLine("Error: no such container x", "podman").isEmpty());
    }

    @Test
    void anOwnerIsAliveOnlyWithItsPidAndStartTimeInThisBoot() throws Exception {
        RunMarker self = RunMarker.forThisProcess("r");
        assertEquals(RunMarker.Owner.ALIVE, self.owner());
        assertEquals(RunMarker.Owner.DEAD, new RunMarker("r", self.ownerPid(), self.ownerStartTicks() - 1,
                self.bootId()).owner(), "the pid reused by another process");
        assertEquals(RunMarker.Owner.DEAD, new RunMarker("r", self.ownerPid(), self.ownerStartTicks(),
                "another-boot").owner());
        assertEquals(RunMarker.Owner.DEAD, deadOwner("r").owner());
        assertEquals(self, RunMarker.fromEnvironment(self.environment()).orElseThrow());
        assertEquals(self, RunMarker.fromLabels(self.labels()).orElseThrow());
        assertEquals(List.of("--label", "org.envbench.managed=true", "--label", "org.envbench.run=r"),
                self.labelArguments().subList(0, 4));
        assertTrue(RunMarker.fromEnvironment(Map.of(RunMarker.RUN_ID_VARIABLE, "r")).isEmpty());
    }

    @Test
    void aRunIdMustFitALabelUnquoted() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RunMarker("a b", 1, 1, ""));
        assertTrue(e.getMessage().contains("letters, digits"), e.getMessage());
        assertEquals("my_run_1", RunMarker.forThisProcess("my run/1").runId(), "a results folder's name, made safe");
    }

    /** The marker of an owner that ran and has ended: a real process, started, read and killed. */
    static RunMarker deadOwner(String runId) throws Exception {
        Process owner = new ProcessBuilder("sleep", "30").start();
        long startTicks = ProcStat.of(owner.pid()).orElseThrow().startTicks();
        owner.destroyForcibly();
        assertTrue(owner.waitFor(10, TimeUnit.SECONDS));
        return new RunMarker(runId, owner.pid(), startTicks, RunMarker.currentBootId());
    }

    private Process start(RunMarker marker, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(marker.environment());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static void awaitTreeSize(Process root, int size) throws InterruptedException {
        for (int i = 0; i < 100 && 1 + root.descendants().count() < size; i++) {
            Thread.sleep(50);
        }
        assertEquals(size, 1 + root.descendants().count(), "processes in the tree of " + root.pid());
    }

    private static Leftover only(Reaper.Scan scan, String runId) {
        List<Leftover> ours = scan.leftovers().stream()
                .filter(l -> l.marker() != null && l.marker().runId().equals(runId)).toList();
        assertEquals(1, ours.size(), "leftovers of " + runId + ": " + ours);
        return ours.get(0);
    }

    private static void signal(String signal, List<Long> pids) throws InterruptedException {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        assertTrue(BoundedCommand.run(command, Duration.ofSeconds(10)).exitCode() >= 0);
    }
}
