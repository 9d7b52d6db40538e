package org.envbench.http.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
        double seconds = (System.nanoTime() - startNanos) / 1e9;

        assertTrue(error.getMessage().startsWith(script + " status did not finish within 1 s and was killed; is "
                + "dockerd hung?"), error.getMessage());
        assertTrue(seconds < 10, "acquire took " + seconds + " s");
        long sleeper = Long.parseLong(Files.readString(childPid).strip());
        ProcessHandle.of(sleeper).ifPresent(h -> h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> h).join());
        assertFalse(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false),
                "the script's child " + sleeper + " is still running");
        assertFalse(engine.startedHere());
    }
}
