package org.envbench.http.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.envbench.http.wire.RunAnswer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every CSV of the results folder written and read back through its row record, in a locale with a comma. */
class CsvFileTest {

    private Locale saved;

    @BeforeEach
    void commaLocale() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(saved);
    }

    @Test
    void kernelRowsRoundTripWithPlainDecimalsAndEmptyFields(@TempDir Path dir) throws IOException {
        List<KernelRow> rows = List.of(
                KernelRow.http("bare", new RunAnswer("sha256", 1024, 3, 1_000_000, 7, true, 1234.5, "MB/s", 2L, 1_500_000L),
                        new KernelRow.Position(2, 1, 2)).withTurn(0.25, 0.0),
                KernelRow.jmh("my \"lab\", rack 2", "latency", 4096, 1, 10, 1e-7, 2.0, "ns/op"));
        Path file = dir.resolve("kernels.csv");

        CsvFile.write(file, KernelRow.class, rows);

        assertEquals("env,source,kernel,size,threads,samples,score,score_error,unit,round,repetition,duration_ns,"
                + "fork,gc_count,gc_seconds,outside_cpu_share,steal_share\n"
                + "bare,http,sha256,1024,1,3,1234.5,,MB/s,1,2,1000000,2,2,0.0015,0.25,0\n"
                + "\"my \"\"lab\"\", rack 2\",jmh,latency,4096,1,10,0.0000001,2,ns/op,,,,,,,,\n",
                Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(rows.toString(), CsvFile.read(file, KernelRow.class).toString());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void latencyRowsKeepThreeDecimalsAndAnEmptyTargetInClosedLoop() throws IOException {
        LatencyRow row = new LatencyRow("bare", "sha256", 4096L, "closed", Double.NaN, 2, 328.25, 3.0, 985, 0,
                1.96, 2.5, 15.59, 40.76, 40.76, 2.0);

        String text = CsvFile.text(LatencyRow.class, List.of(row));

        assertEquals("bare,sha256,4096,closed,,2,328.250,3.000,985,0,1.960,2.500,15.590,40.760,40.760,2.000",
                text.lines().skip(1).findFirst().orElseThrow());
        assertEquals(List.of(row).toString(), CsvFile.parse(LatencyRow.class, text).toString());
    }

    @Test
    void environmentAndSummaryRowsRoundTrip() throws IOException {
        EnvironmentRow ok = new EnvironmentRow("bare", "vm", "host JVM, taskset -c 1", "Debian GNU/Linux 12",
                "Fake CPU, 2 GHz", 2L, 1.5, 25_000_000_000L, -1L, "17.0.13", "-XX:+UseSerialGC -Xmx1g", 0.77,
                41_943_040L, 50_000_000L, 0.4, 1.0, 1L << 30, "1", EnvironmentStatus.OK, null, 2, "podman",
                "runsc", "0.0~20221219.0", "ptrace", "sandbox", "yes", "loopback, published port", null, "overlay");
        EnvironmentRow skipped = new EnvironmentRow("vm", null, null, null, null, null, null, null, null, null,
                "", null, null, null, null, null, 1L << 30, null, EnvironmentStatus.SKIPPED, "no qemu",
                null, null, null, null, null, null, null, null, null, null);
        String environments = CsvFile.text(EnvironmentRow.class, List.of(ok, skipped));
        assertTrue(environments.contains(",-XX:+UseSerialGC -Xmx1g,0.77,"), "no quotes where none are needed: "
                + environments);
        List<EnvironmentRow> back = CsvFile.parse(EnvironmentRow.class, environments);
        assertEquals(ok, back.get(0));
        assertEquals(EnvironmentStatus.SKIPPED, back.get(1).status());
        assertEquals(environments, CsvFile.text(EnvironmentRow.class, back), "the same text after a round trip");

        SummaryRow summary = new SummaryRow("latency", 4096, "ns/load", "vm", 4, 21.9, 0.88, 0.85, 0.91, true, 2,
                0.012, false, 0.034, Double.NaN);
        String text = CsvFile.text(SummaryRow.class, List.of(summary));
        assertEquals("latency,4096,ns/load,vm,4,21.9,0.88,0.85,0.91,true,2,0.012,false,0.034,",
                text.lines().skip(1).findFirst().orElseThrow());
        assertEquals(List.of(summary).toString(), CsvFile.parse(SummaryRow.class, text).toString());

        CalibrationRow check = new CalibrationRow("container-cpus-0.5", "sha256", 1024, 0.5, 0.49, 0.48, 0.5, "PASS");
        assertEquals(List.of(check), CsvFile.parse(CalibrationRow.class, CsvFile.text(CalibrationRow.class,
                List.of(check))));
    }

    @Test
    void aFileWithAnotherHeaderIsRefusedWithBothHeaders() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvFile.parse(LatencyRow.class, "env,source,kernel\n"));
        assertTrue(e.getMessage().contains("env,source,kernel") && e.getMessage().contains("p999_ms"),
                e.getMessage());
    }
}
