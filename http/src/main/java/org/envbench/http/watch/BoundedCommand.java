package org.envbench.http.watch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What an external command (podman, docker, getconf, kill) said within a bound. Unlike a plain
 * {@code waitFor()}, a command that hangs is killed with everything it started and reported as
 * {@link #timedOut}, so that a hung container runtime cannot hang the caller.
 *
 * @param exitCode the exit status, or -1 when the command timed out or could not be started
 * @param output   stdout and stderr together, stripped
 * @param timedOut true when the command outlived its bound and was killed
 */
record BoundedCommand(int exitCode, String output, boolean timedOut) {

    boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** The last line of the output, for a one-line message. */
    String lastLine() {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    /** Runs {@code command} with stdin from /dev/null; never waits longer than {@code timeout} plus a few seconds. */
    static BoundedCommand run(List<String> command, Duration timeout) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return new BoundedCommand(-1, e.getMessage(), false);
        }
        CompletableFuture<String> output = new CompletableFuture<>();
        Thread reader = new Thread(() -> output.complete(readAll(process.getInputStream())), "envbench-command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // Children first: once the parent is gone they are no longer its descendants.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new BoundedCommand(-1, collected(output), true);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
        return new BoundedCommand(process.exitValue(), collected(output), false);
    }

    private static String collected(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(2, TimeUnit.SECONDS).strip();
        } catch (ExecutionException | TimeoutException e) {
            // A grandchild that escaped the kill may hold the pipe open: what was said so far is not worth waiting for.
            return "";
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
