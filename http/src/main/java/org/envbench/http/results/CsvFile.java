package org.envbench.http.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * The CSV files of the results folder, each bound to one row record by Jackson's CSV module: the record's
 * components, in order, are the columns. The rules that the notebook relies on: UTF-8, one header line, {@code .}
 * as the decimal point whatever the locale, plain decimal notation, an empty field for a value that does not
 * exist (null or NaN), quotes only where a field needs them, and a file that is whole or absent.
 *
 * <pre>{@code
 * CsvFile.write(dir.resolve("kernels.csv"), KernelRow.class, rows);
 * List<KernelRow> back = CsvFile.read(dir.resolve("kernels.csv"), KernelRow.class);
 * }</pre>
 */
public final class CsvFile {

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .enable(CsvParser.Feature.EMPTY_STRING_AS_NULL)
            .addModule(new SimpleModule("envbench-csv")
                    .addSerializer(Double.class, new PlainDecimal())
                    .addSerializer(Double.TYPE, new PlainDecimal())
                    .addDeserializer(Double.class, new EmptyIsNaN())
                    .addDeserializer(Double.TYPE, new EmptyIsNaN()))
            .build();

    private CsvFile() {
    }

    /** The column names of {@code type}'s file, in order. */
    public static List<String> columns(Class<?> type) {
        return List.copyOf(schema(type).getColumnNames());
    }

    /** The header line of {@code type}'s file, without line terminator. */
    public static String header(Class<?> type) {
        return String.join(",", columns(type));
    }

    /** The header line and one line per row. */
    public static <R> String text(Class<R> type, List<R> rows) {
        try {
            return MAPPER.writer(schema(type).withHeader()).writeValueAsString(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format " + type.getSimpleName() + " rows: " + e.getMessage(), e);
        }
    }

    /** One row as a line, without line terminator. */
    public static <R> String line(Class<R> type, R row) {
        try {
            return MAPPER.writer(schema(type)).writeValueAsString(row).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format " + row + ": " + e.getMessage(), e);
        }
    }

    /** Writes the header and {@code rows} to {@code file}, whole or not at all. */
    public static <R> void write(Path file, Class<R> type, List<R> rows) throws IOException {
        writeWhole(file, text(type, rows));
    }

    /**
     * Reads {@code text} as rows of {@code type}.
     *
     * @throws IllegalArgumentException naming the expected header when the text has another one
     */
    public static <R> List<R> parse(Class<R> type, String text) throws IOException {
        String first = text.lines().findFirst().orElse("");
        if (!first.equals(header(type))) {
            throw new IllegalArgumentException("the header is '" + first + "', expected '" + header(type) + "'");
        }
        try (var rows = MAPPER.readerFor(type).with(schema(type).withHeader()).<R>readValues(text)) {
            return rows.readAll();
        }
    }

    /** Reads {@code file} as rows of {@code type}; see {@link #parse}. */
    public static <R> List<R> read(Path file, Class<R> type) throws IOException {
        return parse(type, Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Appends {@code row} to {@code file}, with the header first if the file is new. The new content replaces the
     * file in one rename, so a reader sees the old file or the new one, never half a row. Appends from one process
     * are serialised; two processes appending to the same file at the same instant may lose one row.
     *
     * @throws IllegalArgumentException if {@code file} exists with another header
     */
    public static <R> void append(Path file, Class<R> type, R row) throws IOException {
        synchronized (CsvFile.class) {
            checkAppendable(file, type);
            Path absolute = file.toAbsolutePath();
            String existing = Files.exists(absolute) ? Files.readString(absolute, StandardCharsets.UTF_8) : "";
            StringBuilder content = new StringBuilder(existing);
            if (existing.isEmpty()) {
                content.append(header(type)).append('\n');
            } else if (!existing.endsWith("\n")) {
                content.append('\n');
            }
            content.append(line(type, row)).append('\n');
            writeWhole(absolute, content.toString());
        }
    }

    /**
     * Checks, before a run, that a row could be appended to {@code file}: its folder exists and, if the file
     * exists, its first line is the header of {@code type}.
     *
     * @throws IllegalArgumentException saying what is wrong and what to do
     */
    public static void checkAppendable(Path file, Class<?> type) {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() == null || !Files.isDirectory(absolute.getParent())) {
            throw new IllegalArgumentException("cannot write " + file + ": folder " + absolute.getParent()
                    + " does not exist; create it or choose another --out");
        }
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("cannot write " + file + ": it is a folder; give a file name such as "
                    + fileName(type));
        }
        if (!Files.exists(absolute)) {
            return;
        }
        try (Stream<String> lines = Files.lines(absolute, StandardCharsets.UTF_8)) {
            String first = lines.findFirst().orElse("");
            if (!first.isEmpty() && !first.equals(header(type))) {
                throw new IllegalArgumentException(file + " is not a " + fileName(type) + " file: its header is '"
                        + first + "', expected '" + header(type) + "'; choose another --out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code content} to a temporary name beside {@code file}, then renames it to {@code file}. */
    public static void writeWhole(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                out.write(content);
            }
            try {
                // createTempFile makes the file private; results are for sharing.
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its default permissions
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static CsvSchema schema(Class<?> type) {
        return MAPPER.schemaFor(type);
    }

    private static String fileName(Class<?> type) {
        String name = type.getSimpleName().replaceAll("Row$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT) + ".csv";
    }

    /** A double in plain decimal notation ({@code 0.0000001}, {@code 1234.5}, {@code 2}); NaN and infinity empty. */
    static final class PlainDecimal extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                out.writeNull();
            } else {
                out.writeNumber(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
            }
        }
    }

    /** A double with three decimals, trailing zeros kept ({@code 250.000}): latency.csv's figures. */
    public static final class ThreeDecimals extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                out.writeNull();
            } else {
                out.writeNumber(String.format(Locale.ROOT, "%.3f", value));
            }
        }
    }

    /** An empty field read as NaN, so that "does not exist" survives a round trip. */
    static final class EmptyIsNaN extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser in, DeserializationContext context) throws IOException {
            String text = in.getText();
            if (text == null || text.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return (Double) context.handleWeirdStringValue(Double.class, text, "not a number");
            }
        }

        @Override
        public Double getNullValue(DeserializationContext context) {
            return Double.NaN;
        }
    }
}
