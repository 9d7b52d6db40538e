package org.envbench.http.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * latency.csv, one row per load run: the header, the row format and safe appending. Numbers are written with
 * {@link Locale#ROOT} ({@code .} as decimal point whatever the user's locale); a value that does not exist
 * (target rate in closed loop, latency when nothing answered) is written as an empty field.
 */
public final class LatencyRow {

    public static final List<String> COLUMNS = List.of("env", "kernel", "size", "mode", "target_rate", "connections",
            "achieved_rate", "duration_seconds", "requests", "errors", "p50_ms", "p90_ms", "p99_ms", "p999_ms",
            "max_ms", "mean_ms");

    public static final String HEADER = String.join(",", COLUMNS);

    private static final Object APPEND_LOCK = new Object();

    private LatencyRow() {
    }

    /** One CSV line for {@code result}, without line terminator. */
    public static String format(LoadResult r) {
        return Stream.of(text(r.env()), text(r.kernel()), text(r.size()), r.mode().csvName(), number(r.targetRate(), 3),
                Integer.toString(r.connections()), number(r.achievedRate(), 3), number(r.durationSeconds(), 3),
                Long.toString(r.requests()), Long.toString(r.errors()), number(r.p50Ms(), 3), number(r.p90Ms(), 3),
                number(r.p99Ms(), 3), number(r.p999Ms(), 3), number(r.maxMs(), 3), number(r.meanMs(), 3))
                .collect(Collectors.joining(","));
    }

    /**
     * Appends {@code result} to {@code file}, writing the header first if the file is new. The new content goes to a
     * temporary file in the same folder that then replaces {@code file} in one rename, so a reader sees the old file
     * or the new one, never half a row. Appends from one process are serialised; two processes appending to the
     * same file at the same instant may lose one row.
     *
     * @throws IllegalArgumentException if {@code file} exists with another header
     */
    public static void append(Path file, LoadResult result) throws IOException {
        synchronized (APPEND_LOCK) {
            checkAppendable(file);
            Path absolute = file.toAbsolutePath();
            String existing = Files.exists(absolute) ? Files.readString(absolute, StandardCharsets.UTF_8) : "";
            StringBuilder content = new StringBuilder(existing);
            if (existing.isEmpty()) {
                content.append(HEADER).append('\n');
            } else if (!existing.endsWith("\n")) {
                content.append('\n');
            }
            content.append(format(result)).append('\n');
            Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            try {
                Files.writeString(temporary, content, StandardCharsets.UTF_8);
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Checks, before a run, that a row could be appended to {@code file}: its folder exists and, if the file exists,
     * its first line is {@link #HEADER}.
     *
     * @throws IllegalArgumentException saying what is wrong and what to do
     */
    public static void checkAppendable(Path file) {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() == null || !Files.isDirectory(absolute.getParent())) {
            throw new IllegalArgumentException("cannot write " + file + ": folder " + absolute.getParent()
                    + " does not exist; create it or choose another --out");
        }
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("cannot write " + file + ": it is a folder; give a file name such as latency.csv");
        }
        if (!Files.exists(absolute)) {
            return;
        }
        try (Stream<String> lines = Files.lines(absolute, StandardCharsets.UTF_8)) {
            String first = lines.findFirst().orElse("");
            if (!first.isEmpty() && !first.equals(HEADER)) {
                throw new IllegalArgumentException(file + " is not a latency.csv file: its header is '" + first
                        + "', expected '" + HEADER + "'; choose another --out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String number(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "";
    }

    private static String text(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
