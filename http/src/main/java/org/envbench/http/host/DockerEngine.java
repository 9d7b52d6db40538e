package org.envbench.http.host;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine as envbench's environments use it: {@code container/docker-engine.sh start} when no dockerd
 * answers, and {@code stop} once the last environment that needed it is done, but only when this JVM started it
 * (two suites on one machine share one engine; one that was running before is never stopped).
 *
 * <pre>{@code
 * DockerEngine engine = DockerEngine.of(projectDir);
 * engine.acquire();      // starts dockerd where none answers
 * ...                    // docker run ...
 * engine.release();      // stops it when this JVM started it and nothing else holds it
 * }</pre>
 */
public final class DockerEngine {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final long HOOK_WAIT_SECONDS = 60;
    private static DockerEngine shared;

    private final Path script;
    private final Duration scriptTimeout;
    private int holders;
    private boolean startedHere;
    private CleanupHook cleanupHook;

    /** @param scriptTimeout the bound of one {@code docker-engine.sh} call, which waits for dockerd itself */
    DockerEngine(Path script, Duration scriptTimeout) {
        this.script = script;
        this.scriptTimeout = scriptTimeout;
    }

    /** The one engine of this JVM, driven by {@code projectDir}'s {@code container/docker-engine.sh}. */
    public static synchronized DockerEngine of(Path projectDir) {
        if (shared == null) {
            shared = new DockerEngine(projectDir.resolve("container").resolve("docker-engine.sh"), SCRIPT_TIMEOUT);
        }
        return shared;
    }

    /** Whether this JVM started the engine that runs now. */
    public synchronized boolean startedHere() {
        return startedHere;
    }

    /**
     * Makes sure an engine answers, starting one when none does; every call needs one {@link #release()}.
     *
     * @throws IOException with the script's words when no engine answers and none could be started
     */
    public synchronized void acquire() throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new IOException(script + " not found; run from the envbench checkout");
        }
        if (holders == 0 && !startedHere) {
            Outcome status = run("status");
            if (status.exitCode() != 0 && status.output().contains("not running")) {
                Outcome start = run("start");
                if (start.exitCode() != 0) {
                    throw new IOException("could not start a docker engine: " + start.output().strip());
                }
                startedHere = true;
                if (cleanupHook == null) {
                    cleanupHook = new CleanupHook("envbench-docker-engine-stop", this::stopFromHook);
                }
                cleanupHook.register();
            } else if (status.exitCode() != 0) {
                throw new IOException("the docker engine is in a state envbench does not touch: "
                        + status.output().strip());
            }
        }
        holders++;
    }

    /** Gives back one {@link #acquire()}; the last one stops the engine if this JVM started it. */
    public synchronized void release() {
        if (holders == 0) {
            return;
        }
        holders--;
        notifyAll();
        if (holders == 0 && startedHere) {
            stop();
            cleanupHook.unregister();
        }
    }

    /**
     * On SIGTERM or Ctrl-C the environments' own hooks remove their containers at the same time: the engine waits
     * for them (at most {@value #HOOK_WAIT_SECONDS} s), so that no container is left in docker's store.
     */
    private synchronized void stopFromHook() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOOK_WAIT_SECONDS);
        try {
            while (holders > 0 && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (startedHere) {
            holders = 0;
            stop();
        }
    }

    private void stop() {
        try {
            Outcome stop = run("stop");
            if (stop.exitCode() != 0) {
                System.err.println("envbench: container/docker-engine.sh stop failed: " + stop.output().strip());
            }
        } catch (IOException e) {
            System.err.println("envbench: could not stop the docker engine: " + e.getMessage()
                    + "; stop it with: " + script + " stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        startedHere = false;
    }

    private Outcome run(String action) throws IOException, InterruptedException {
        // To a file, not a pipe read before the wait: a script that hangs, or a dockerd child that kept its
        // output, would hold such a read, and the bound with it, forever.
        Path output = Files.createTempFile("envbench-docker-engine-", ".log");
        try {
            Process process = new ProcessBuilder("bash", script.toString(), action).redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(scriptTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IOException(script + " " + action + " did not finish within " + scriptTimeout.toSeconds()
                        + " s and was killed; is dockerd hung? Its log is dockerd.log in ENVBENCH_DOCKER_STATE "
                        + "(default /run/envbench-docker)");
            }
            return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private record Outcome(int exitCode, String output) {
    }

    @Override
    public String toString() {
        return "DockerEngine" + List.of(script, "holders=" + holders, "startedHere=" + startedHere);
    }
}
