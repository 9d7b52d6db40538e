package org.envbench.http.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java ... compare} as a child process, as a user runs it. Its stderr goes to a file that is polled,
 * rather than a pipe, so that what a shutdown hook prints just before the process ends is never lost.
 */
final class ChildCompare implements AutoCloseable {

    final Process process;
    private final Path stderrFile;

    ChildCompare(List<String> compareArgs, Path workDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "org.envbench.http.Main", "compare"));
        command.addAll(compareArgs);
        stderrFile = workDir.resolve("compare.stderr.txt");
        process = new ProcessBuilder(command).redirectOutput(workDir.resolve("compare.stdout.txt").toFile())
                .redirectError(stderrFile.toFile()).start();
    }

    /** Waits for a stderr line matching {@code regex} and returns its match; fails after {@code seconds}. */
    Matcher awaitLine(String regex, long seconds) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            boolean ended = !process.isAlive();
            for (String line : stderr().split("[\r\n]+")) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            if (ended || System.nanoTime() > deadline) {
                throw new AssertionError("no stderr line matching " + regex + " within " + seconds
                        + " s; stderr so far:\n" + stderr());
            }
            Thread.sleep(100);
        }
    }

    String stderr() {
        try {
            return Files.exists(stderrFile) ? Files.readString(stderrFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    /** Sends SIGTERM, as Ctrl-C or a CI timeout would, and waits up to 2 minutes for compare to say it stopped. */
    void interrupt() throws InterruptedException {
        process.destroy();
        int status = waitFor(120);
        if (!stderr().contains("interrupted")) {
            throw new AssertionError("exit status " + status + ", stderr:\n" + stderr());
        }
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("compare did not end within " + seconds + " s; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
