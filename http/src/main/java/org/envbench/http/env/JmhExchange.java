package org.envbench.http.env;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The host folder a JMH run inside an environment writes its JSON into, and the log of that run; both are removed
 * on close. The result reaches its destination whole or not at all.
 */
final class JmhExchange implements AutoCloseable {

    /** Inside the folder, the file JMH writes. */
    static final String RESULT = "jmh.json";

    private final Path dir;
    private final Path log;

    private JmhExchange(Path dir, Path log) {
        this.dir = dir;
        this.log = log;
    }

    /** A folder anyone may write: the environment's user (uid 10001, or a sub-uid under rootless podman) must. */
    static JmhExchange create() throws IOException {
        Path dir = Files.createTempDirectory("envbench-jmh-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return new JmhExchange(dir, Files.createTempFile("envbench-jmh-", ".log"));
    }

    Path dir() {
        return dir;
    }

    /**
     * Runs {@code command} with its output in the log, then delivers its result; when it outlives {@code timeout},
     * {@code stop} removes the container before the command is killed.
     */
    void run(List<String> command, Duration timeout, Runnable stop, Path jsonOut)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop.run();
            process.destroyForcibly();
            throw new IOException("JMH in the container did not finish within " + timeout.toSeconds()
                    + " s; the container was removed. Its last output:\n" + logTail());
        }
        deliver(process.exitValue(), jsonOut);
    }

    /**
     * Copies the result to {@code jsonOut} (temporary name, then rename).
     *
     * @throws IOException with the end of the log when the run failed or wrote no result
     */
    private void deliver(int exitValue, Path jsonOut) throws IOException {
        Path result = dir.resolve(RESULT);
        if (exitValue != 0 || !Files.isRegularFile(result)) {
            throw new IOException("JMH in the container failed (exit " + exitValue + "); its last output:\n"
                    + logTail());
        }
        Path parent = jsonOut.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, jsonOut.getFileName().toString(), ".partial");
        Files.copy(result, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, jsonOut, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last 20 lines of the run's output. */
    String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        Files.deleteIfExists(log);
    }
}
