package org.envbench.http.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real folders and files (an immutable one too, which stops root), a real bound socket, fake runtime scripts. */
class PreflightTest {

    @TempDir
    Path dir;

    @Test
    void aWritableFolderWithRoomPassesAndAMissingOneIsCreatedLater() throws Exception {
        assertEquals(Optional.empty(), Preflight.outFolder(dir, Preflight.RUN_BYTES));
        Path missing = dir.resolve("results/run-1");
        assertEquals(Optional.empty(), Preflight.outFolder(missing, Preflight.RUN_BYTES));
        assertTrue(Files.notExists(missing), "a check creates nothing");
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the probe file is deleted");
        }
    }

    @Test
    void aFileWhereAFolderIsExpectedIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("results"), "not a folder");
        String problem = Preflight.outFolder(file, Preflight.RUN_BYTES).orElseThrow();
        assertTrue(problem.startsWith("--out " + file + ": it is a file, not a folder;"), problem);
        String below = Preflight.outFolder(file.resolve("run-1"), Preflight.RUN_BYTES).orElseThrow();
        assertTrue(below.contains(": " + file + " is a file, not a folder"), below);
    }

    @Test
    void anImmutableFolderIsNotWritableEvenForRoot() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        BoundedCommand chattr = BoundedCommand.run(List.of("chattr", "+i", locked.toString()), Duration.ofSeconds(10));
        assumeTrue(chattr.succeeded(), "chattr +i is not possible here: " + chattr.output());
        try {
            String problem = Preflight.outFolder(locked.resolve("run-1"), Preflight.RUN_BYTES).orElseThrow();
            assertTrue(problem.startsWith("--out " + locked.resolve("run-1") + ": cannot write in " + locked + " ("),
                    problem);
            assertTrue(problem.endsWith("fix its permissions or mount, or name another --out"), problem);
        } finally {
            BoundedCommand.run(List.of("chattr", "-i", locked.toString()), Duration.ofSeconds(10));
        }
    }

    @Test
    void aFileSystemWithoutRoomForARunSaysHowMuchIsFree() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        String problem = Preflight.outFolder(dir, free + 1_000_000_000_000L).orElseThrow();
        assertTrue(problem.matches("--out .*: its file system \\(.*\\) has [0-9]+ MB free, a run needs about "
                + "[0-9]+ MB; free some space there or name an --out on another file system"), problem);
    }

    @Test
    void aTakenPortIsNamedAndAFreedOneIsFine() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = taken.getLocalPort();
            String problem = Preflight.portFree("127.0.0.1", port).orElseThrow();
            assertTrue(problem.startsWith("port 127.0.0.1:" + port + " is taken (BindException"), problem);
            assertTrue(problem.contains("ss -ltnp 'sport = :" + port + "'"), problem);
        }
        assertEquals(Optional.empty(), Preflight.portFree("127.0.0.1", 0));
        assertTrue(Preflight.portFree("127.0.0.1", 70000).orElseThrow().startsWith("port 70000 is not a TCP port"));
    }

    @Test
    void aRuntimeThatHangsIsReportedWithinTheBound() throws Exception {
        Path hanging = script("podman", "sleep 600");
        long startNanos = System.nanoTime();
        String problem = Preflight.runtimeAnswers(hanging, Duration.ofSeconds(1)).orElseThrow();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        assertTrue(seconds < 30, "the check took " + seconds + " s with a 1 s bound");
        assertTrue(problem.startsWith("'podman version' did not answer within 1 s and was killed: podman hangs;"),
                problem);
    }

    @Test
    void aRuntimeThatFailsSaysWhatItSaid() throws Exception {
        Path failing = script("docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");
        String problem = Preflight.runtimeAnswers(failing, Duration.ofSeconds(20)).orElseThrow();
        assertTrue(problem.startsWith("'docker version' failed (exit 1): Cannot connect to the Docker daemon;"),
                problem);
        Path answering = script("podman2", "echo 'Version: 4.3.1'");
        assertEquals(Optional.empty(), Preflight.runtimeAnswers(answering, Duration.ofSeconds(20)));
    }

    private Path script(String name, String body) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = Files.writeString(bin.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
