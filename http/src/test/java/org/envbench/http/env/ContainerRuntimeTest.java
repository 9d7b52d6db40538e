package org.envbench.http.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection and run-argument probing against stand-in docker and podman scripts on a private PATH. */
class ContainerRuntimeTest {

    @TempDir
    Path bin;

    @Test
    void settingsComeFromTheEnvironmentAndSplitRunArgumentsAtWhiteSpace() {
        ContainerRuntime.Settings settings = ContainerRuntime.Settings.fromEnvironment(Map.of(
                ContainerRuntime.RUNTIME_VARIABLE, "podman",
                ContainerRuntime.RUN_ARGS_VARIABLE, " --runtime runc  --ulimit nofile=1024:1024 "));
        assertEquals("podman", settings.runtime());
        assertEquals(List.of("--runtime", "runc", "--ulimit", "nofile=1024:1024"), settings.runArgs());

        ContainerRuntime.Settings unset = ContainerRuntime.Settings.fromEnvironment(Map.of(
                ContainerRuntime.RUN_ARGS_VARIABLE, "  "));
        assertNull(unset.runtime());
        assertNull(unset.runArgs());
        assertEquals("docker", unset.orElse(new ContainerRuntime.Settings("docker", null)).runtime());
    }

    @Test
    void detectionSkipsADockerClientWithoutDaemonAndTakesAWorkingPodman() throws Exception {
        script("docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");
        script("podman", "exit 0");

        ContainerRuntime.Result result = ContainerRuntime.detect(new ContainerRuntime.Settings(null, null),
                bin.toString());

        assertEquals("podman", result.found().orElseThrow().name());
        assertEquals(bin.resolve("podman"), result.runtime().executable());
    }

    @Test
    void detectionSaysWhyNothingWorks() throws Exception {
        script("docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");

        ContainerRuntime.Result result = ContainerRuntime.detect(new ContainerRuntime.Settings(null, null),
                bin.toString());

        assertTrue(result.found().isEmpty());
        assertTrue(result.problem().contains("Cannot connect to the Docker daemon"), result.problem());
        assertTrue(result.problem().contains("podman is not on PATH"), result.problem());
    }

    @Test
    void aNamedRuntimeIsTheOnlyOneTried() throws Exception {
        script("docker", "exit 0");

        ContainerRuntime.Result result = ContainerRuntime.detect(new ContainerRuntime.Settings("podman", null),
                bin.toString());

        assertTrue(result.found().isEmpty());
        assertEquals("podman is not on PATH", result.problem());
    }

    @Test
    void aRuntimeThatHangsIsKilledWithWhatItStartedAndNamed() throws Exception {
        // A child that keeps the output pipe open, as a stuck daemon client's helper does.
        Path childPid = bin.resolve("child.pid");
        script("podman", "sleep 600 & echo $! > " + childPid + "; wait");

        long startNanos = System.nanoTime();
        ContainerRuntime.Result result = ContainerRuntime.detect(new ContainerRuntime.Settings("podman", null),
                bin.toString(), Duration.ofSeconds(1));
        double seconds = (System.nanoTime() - startNanos) / 1e9;

        assertTrue(result.found().isEmpty());
        assertTrue(result.problem().startsWith("'podman info' failed: '" + bin.resolve("podman") + " info' did not "
                + "finish within 1 s and was killed"), result.problem());
        assertTrue(seconds < 10, "detection took " + seconds + " s");
        long sleeper = Long.parseLong(Files.readString(childPid).strip());
        ProcessHandle.of(sleeper).ifPresent(h -> h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> h).join());
        assertFalse(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false),
                "the hung runtime's child " + sleeper + " is still running");
    }

    @Test
    void runArgumentsAreFoundByTryingACandidateThatStartsAContainer() throws Exception {
        // Fails like runc does when the default ulimits exceed the host's, succeeds once they are lowered.
        script("podman", "case \"$*\" in *--ulimit*) exit 0 ;; *) echo 'error setting rlimit type 7' >&2; exit 126 ;; esac");
        ContainerRuntime runtime = new ContainerRuntime("podman", bin.resolve("podman"), null);

        ContainerRuntime working = runtime.withWorkingRunArgs("localhost/envbench:latest");

        assertEquals(ContainerRuntime.RUN_ARGS_CANDIDATES.get(1), working.runArgs());
    }

    @Test
    void configuredRunArgumentsAreKeptAsGivenAndAFailingHostIsReported() throws Exception {
        script("podman", "echo 'OCI permission denied' >&2; exit 126");
        ContainerRuntime configured = new ContainerRuntime("podman", bin.resolve("podman"), List.of("--privileged"));
        assertEquals(List.of("--privileged"), configured.withWorkingRunArgs("image").runArgs());

        ContainerRuntime detecting = new ContainerRuntime("podman", bin.resolve("podman"), null);
        IOException failure = assertThrows(IOException.class, () -> detecting.withWorkingRunArgs("image"));
        assertTrue(failure.getMessage().contains("OCI permission denied"), failure.getMessage());
        assertTrue(failure.getMessage().contains(ContainerRuntime.RUN_ARGS_VARIABLE), failure.getMessage());
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
