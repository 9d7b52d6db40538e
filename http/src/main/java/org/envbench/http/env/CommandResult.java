package org.envbench.http.env;

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
 * What a finished external command (docker, podman, a script) returned: its exit code and its stdout and stderr
 * together, as the user would have seen them.
 */
record CommandResult(int exitCode, String output) {

    boolean succeeded() {
        return exitCode == 0;
    }

    /** The output's last lines, for error messages that must stay short. */
    String tail(int lines) {
        String[] all = output.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", List.of(all).subList(from, all.length));
    }

    /** The output of {@code command} when it succeeded, else empty: for facts that may be missing. */
    static String outputOrEmpty(List<String> command, Duration timeout) throws InterruptedException {
        try {
            CommandResult result = run(command, timeout);
            return result.succeeded() ? result.output() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Runs {@code command} and waits for it, killing it when it outlives {@code timeout}.
     *
     * @throws IOException if the command could not be started or did not finish in time
     */
    static CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            throw new IOException("'" + String.join(" ", command) + "' did not finish within " + timeout.toSeconds()
                    + " s and was killed");
        }
        try {
            return new CommandResult(process.exitValue(), output.get(5, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return new CommandResult(process.exitValue(), "");
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
