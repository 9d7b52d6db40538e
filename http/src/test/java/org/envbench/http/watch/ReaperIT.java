package org.envbench.http.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real podman containers with the run marker's labels, one of a dead owner and stopped with SIGSTOP (as a killed
 * compare leaves an environment that was paused for another's turn), one of a live owner. The image is built
 * here from one static C program with {@code podman import}, so the test needs no registry; without gcc it runs a
 * shell in envbench's local Debian base (container/base-image.sh, built by the container ITs that run before this
 * one), and without either it is skipped.
 */
@Tag("environments")
class ReaperIT {

    private static final String OWN_IMAGE = "localhost/envbench-reaper-it:latest";
    private static final String BASE_IMAGE = "localhost/envbench-base:bookworm";
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final RunMarker SCANNER = new RunMarker("scanner", Long.MAX_VALUE, 0, "");

    private static Path podman;
    private static String image;
    /** What the container runs: pid 1 that exits on SIGTERM, as the server does (pid 1 has no default action). */
    private static List<String> command;
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void buildImage(@TempDir Path dir) throws Exception {
        podman = Reaper.runtimesOnPath().stream().filter(p -> p.getFileName().toString().equals("podman"))
                .findFirst().orElse(null);
        assumeTrue(podman != null, "podman is not on PATH");
        if (!BoundedCommand.run(List.of("gcc", "--version"), BOUND).succeeded()) {
            BoundedCommand exists = BoundedCommand.run(List.of(podman.toString(), "image", "exists", BASE_IMAGE),
                    BOUND);
            assumeTrue(exists.succeeded(), "neither gcc to build an image nor " + BASE_IMAGE);
            image = BASE_IMAGE;
            command = List.of("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done");
            return;
        }
        Path source = dir.resolve("pause.c");
        Files.writeString(source, """
                #include <signal.h>
                #include <unistd.h>
                static void bye(int signal) { (void) signal; _exit(0); }
                int main(void) { signal(SIGTERM, bye); for (;;) pause(); }
                """);
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        run("gcc", "-static", "-O2", "-o", rootfs.resolve("pause").toString(), source.toString());
        run("tar", "-C", rootfs.toString(), "-cf", dir.resolve("rootfs.tar").toString(), "pause");
        run(podman.toString(), "import", dir.resolve("rootfs.tar").toString(), OWN_IMAGE);
        image = OWN_IMAGE;
        command = List.of("/pause");
    }

    @AfterAll
    static void removeImage() throws InterruptedException {
        if (OWN_IMAGE.equals(image)) {
            BoundedCommand.run(List.of(podman.toString(), "rmi", "-f", OWN_IMAGE), BOUND);
        }
    }

    @AfterEach
    void removeContainers() throws InterruptedException {
        for (String container : containers) {
            BoundedCommand.run(List.of(podman.toString(), "rm", "-f", "--time", "1", container), BOUND);
        }
    }

    @Test
    void aDeadOwnersStoppedContainerIsRemovedAndALiveOnesIsReported() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        RunMarker dead = ReaperTest.deadOwner("reaper-it-dead-" + suffix);
        RunMarker alive = RunMarker.forThisProcess("reaper-it-live-" + suffix);
        String deadName = startContainer("envbench-reaper-it-dead-" + suffix, dead);
        String aliveName = startContainer("envbench-reaper-it-live-" + suffix, alive);
        String initPid = run(podman.toString(), "inspect", "--format", "{{.State.Pid}}", deadName);
        run("kill", "-STOP", initPid);

        Reaper reaper = new Reaper(SCANNER, List.of(podman), Duration.ofSeconds(60), Duration.ofSeconds(30));
        Reaper.Scan scan = reaper.scan();
        Leftover deadOne = named(scan, deadName);
        Leftover liveOne = named(scan, aliveName);
        assertEquals(dead, deadOne.marker());
        assertEquals(RunMarker.Owner.DEAD, deadOne.owner());
        assertEquals(RunMarker.Owner.ALIVE, liveOne.owner());
        assertTrue(scan.ofDeadOwners().contains(deadOne));
        assertFalse(scan.ofDeadOwners().contains(liveOne));
        assertTrue(scan.warnings().contains("WARNING run " + alive.runId() + " (pid " + alive.ownerPid()
                + ", alive) has environments running: container " + aliveName + " (podman, running); measuring "
                + "beside them would disturb the figures"), scan.warnings().toString());

        long startNanos = System.nanoTime();
        List<Reaper.Removal> removals = reaper.reap(List.of(deadOne, liveOne));
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        assertTrue(removals.get(0).removed(), removals.get(0).describe());
        assertEquals("removed container " + deadName + " (podman, running) of run " + dead.runId() + " (owner pid "
                + dead.ownerPid() + " is dead)", removals.get(0).describe());
        assertFalse(removals.get(1).removed(), removals.get(1).describe());
        // Continued first, the container's init takes SIGTERM at once instead of podman's SIGKILL after the 30 s grace.
        assertTrue(seconds < 25, "removing a stopped container took " + seconds + " s");

        assertEquals("", run(podman.toString(), "ps", "-a", "-q", "--filter", "name=^" + deadName + "$"));
        assertEquals("running", run(podman.toString(), "inspect", "--format", "{{.State.Status}}", aliveName));
    }

    private String startContainer(String name, RunMarker marker) throws Exception {
        List<String> podmanRun = new ArrayList<>(List.of(podman.toString(), "run", "--detach", "--name", name,
                "--network", "none"));
        String configured = System.getenv(org.envbench.http.env.ContainerRuntime.RUN_ARGS_VARIABLE);
        podmanRun.addAll(configured != null && !configured.isBlank() ? List.of(configured.trim().split("\\s+"))
                : List.of("--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"));
        podmanRun.addAll(marker.labelArguments());
        podmanRun.add(image);
        podmanRun.addAll(command);
        containers.add(name);
        run(podmanRun.toArray(String[]::new));
        return name;
    }

    private static Leftover named(Reaper.Scan scan, String name) {
        return scan.leftovers().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + scan.leftovers() + "; " + scan.problems()));
    }

    private static String run(String... command) throws InterruptedException {
        BoundedCommand result = BoundedCommand.run(List.of(command), BOUND);
        assertTrue(result.succeeded(), String.join(" ", command) + ": " + result.output());
        return result.output();
    }
}
