package org.envbench.http.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;
import org.envbench.http.results.CsvFile;
import org.envbench.http.results.LatencyRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load run as its latency.csv row: the shared row of load --out and compare, as load writes it. */
class LatencyRowTest {

    private static LoadResult result(String env) {
        Histogram latency = new Histogram(3);
        latency.recordValue(1_500_000);
        latency.recordValue(2_500_000);
        LoadPlan plan = LoadPlan.openLoop(LoadTarget.kernel(URI.create("http://127.0.0.1:8080/"), "sha256", 4096), env,
                250, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(1));
        OutcomeCounts outcomes = new OutcomeCounts(1, new TreeMap<>(java.util.Map.of(503, 1L)), 0, 0, 0, 0, 0, "");
        return LoadResult.of(plan, latency, outcomes, 2.0, 3, 0);
    }

    @Test
    void columnsAreTheContractsInItsOrder() {
        assertEquals("env,kernel,size,mode,target_rate,connections,achieved_rate,duration_seconds,requests,errors,"
                + "p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_ms", CsvFile.header(LatencyRow.class));
    }

    @Test
    void formatsWithADotWhateverTheLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertEquals("vm,sha256,4096,open,250.000,3,1.000,2.000,2,1,1.500,2.501,2.501,2.501,2.501,2.000",
                    CsvFile.line(LatencyRow.class, result("vm").row()));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void appendsRowsUnderOneHeaderAndQuotesText(@TempDir Path folder) throws Exception {
        Path csv = folder.resolve("latency.csv");

        CsvFile.append(csv, LatencyRow.class, result("bare").row());
        CsvFile.append(csv, LatencyRow.class, result("my \"lab\", rack 2").row());

        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        assertEquals(CsvFile.header(LatencyRow.class), lines.get(0));
        assertTrue(lines.get(2).startsWith("\"my \"\"lab\"\", rack 2\",sha256,4096,open,"), lines.get(2));
        try (var files = Files.list(folder)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void achievedRateLeavesOutRequestsThatWereNeverSent() {
        LoadPlan plan = LoadPlan.openLoop(LoadTarget.path(URI.create("http://127.0.0.1:8080/"), "/health"), "bare",
                100, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(1));
        OutcomeCounts outcomes = new OutcomeCounts(600, new TreeMap<>(), 0, 0, 0, 400, 0, "");

        LoadResult result = LoadResult.of(plan, new Histogram(3), outcomes, 10.0, 8, 0);

        assertEquals(1000, result.requests());
        assertEquals(400, result.errors());
        assertEquals(60.0, result.achievedRate(), 1e-9);
    }

    @Test
    void refusesAFileWithAnotherHeader(@TempDir Path folder) throws Exception {
        Path csv = folder.resolve("kernels.csv");
        Files.writeString(csv, "env,source,kernel\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvFile.append(csv, LatencyRow.class, result("bare").row()));

        assertEquals(true, e.getMessage().contains("is not a latency.csv file"), e.getMessage());
        assertEquals("env,source,kernel\n", Files.readString(csv));
    }
}
