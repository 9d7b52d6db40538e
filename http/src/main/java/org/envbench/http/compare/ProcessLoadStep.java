package org.envbench.http.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.envbench.http.host.Taskset;
import org.envbench.http.load.LoadMode;
import org.envbench.http.results.CsvFile;
import org.envbench.http.results.LatencyRow;
import org.envbench.http.watch.RunMarker;

/**
 * Runs envbench's own {@code load} subcommand as a child JVM, pinned with {@code taskset} to CPUs the server
 * does not use, and reads back the one latency.csv row it appends with {@code --out}. A separate process is the
 * one way to give the load generator CPUs of its own without pinning {@code compare} itself.
 */
final class ProcessLoadStep implements LoadStep {

    private final String classPath;
    private final Path workDir;
    private final RunMarker marker;
    private Process current;

    /** @param marker the run's mark in the load JVM's environment, or null for none */
    ProcessLoadStep(String classPath, Path workDir, RunMarker marker) {
        this.classPath = classPath;
        this.workDir = workDir;
        this.marker = marker;
    }

    List<String> command(Request request, Path out) {
        List<String> command = new ArrayList<>(Taskset.prefix(request.loadCpuset()));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", classPath, "org.envbench.http.Main", "load",
                "--url", request.baseUri().toString(),
                "--kernel", request.kernel(), "--size", Long.toString(request.size())));
        if (request.mode() == LoadMode.OPEN) {
            command.addAll(List.of("--rate", String.format(Locale.ROOT, "%.1f", request.ratePerSecond())));
        } else {
            command.addAll(List.of("--connections", Integer.toString(request.connections())));
        }
        command.addAll(List.of("--duration", request.duration().toSeconds() + "s",
                "--warmup", request.warmup().toSeconds() + "s",
                "--env", request.env(), "--out", out.toString()));
        return command;
    }

    @Override
    public LatencyRow run(Request request) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path out = workDir.resolve("load-" + request.env() + "-" + request.mode().csvName() + ".csv");
        Files.deleteIfExists(out);
        Path log = workDir.resolve("load-" + request.env() + "-" + request.mode().csvName() + ".log");
        Process process;
        synchronized (this) {
            ProcessBuilder builder = new ProcessBuilder(command(request, out)).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (marker != null) {
                builder.environment().putAll(marker.environment());
            }
            process = builder.start();
            current = process;
        }
        Duration bound = request.duration().plus(request.warmup()).plus(Duration.ofSeconds(60));
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("load did not end within " + bound.toSeconds() + " s; its output: " + log);
            }
            if (!Files.isRegularFile(out)) {
                throw new IOException("load exited with status " + process.exitValue() + " and wrote no row; "
                        + "its output (" + log + "): " + tail(log));
            }
            List<LatencyRow> rows;
            try {
                rows = CsvFile.read(out, LatencyRow.class);
            } catch (IllegalArgumentException | IOException e) {
                throw new IOException("load wrote a row compare cannot read: " + e.getMessage());
            }
            if (rows.size() != 1) {
                throw new IOException("load wrote " + rows.size() + " rows to " + out + ", expected 1");
            }
            return rows.get(0);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            synchronized (this) {
                current = null;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.descendants().forEach(ProcessHandle::destroyForcibly);
            current.destroyForcibly();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }
}
