package org.envbench.http.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine script as a stand-in that hangs: acquiring is an error within the bound, never a hang. */
class DockerEngineTest {

    @Test
    void aScriptThatHangsIsKilledWithinTheBoundAndNamed(@TempDir Path dir) throws Exception {
        // Its child keeps the output pipe open, as a dockerd started without redirection would: reading the
        // output before waiting would block until the child ends, whatever the bound.
        Path childPid = dir.resolve("child.pid");
        Path script = dir.resolve("docker-engine.sh");
        Files.writeString(script, "sleep 600 & echo $! > '" + childPid + "'; wait\n");
        DockerEngine engine = new DockerEngine(script, Duration.ofSeconds(1));

        long startNanos = System.nanoTime();
        IOException error = assertThrows(IOException.class, engine::acquire);
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);

        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "acquire took " + took);
        assertTrue(error.getMessage().startsWith(script + " status did not finish within 1 s and was killed; is "
                + "dockerd hung?"), error.getMessage());
        assertFalse(engine.startedHere());
        long child = Long.parseLong(Files.readString(childPid).strip());
        assertTrue(endsWithin(child, Duration.ofSeconds(5)), "the script's child " + child + " is still running");
    }

    /** Whether {@code pid} is gone within {@code bound}; killed, it is reaped by init soon after. */
    private static boolean endsWithin(long pid, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
