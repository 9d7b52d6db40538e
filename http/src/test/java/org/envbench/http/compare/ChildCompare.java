package org.envbench.http.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java ... compare} as a child process, as a user runs it, with its stderr lines collected. */
final class ChildCompare implements AutoCloseable {

    final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    ChildCompare(List<String> compareArgs, Path stdoutFile) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "org.envbench.http.Main", "compare"));
        command.addAll(compareArgs);
        process = new ProcessBuilder(command).redirectOutput(stdoutFile.toFile()).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended; what was read is kept
            }
        }, "child-compare-stderr");
        reader.setDaemon(true);
        reader.start();
        this.reader = reader;
    }

    /** Waits for a stderr line matching {@code regex} and returns its match; fails after {@code seconds}. */
    Matcher awaitLine(String regex, long seconds) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher matcher = pattern.matcher(lines.get(seen));
                    if (matcher.find()) {
                        return matcher;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive() && seen == lines.size()) {
                    throw new AssertionError("no stderr line matching " + regex + " within " + seconds
                            + " s; stderr so far:\n" + String.join("\n", lines));
                }
                lines.wait(Math.min(left, 500));
            }
        }
    }

    String stderr() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("compare did not end within " + seconds + " s; stderr:\n" + stderr());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
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
