package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.envbench.http.results.KernelRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhRowsTest {

    private static String result(String benchmark, String size, double score) {
        return """
                {"benchmark": "%s", "mode": "avgt", "threads": 1, "forks": 1, "params": {"size": "%s"},
                 "primaryMetric": {"score": %s, "scoreError": 1.5, "scoreUnit": "us/op", "rawData": [[1.0, 2.0, 3.0]]}}
                """.formatted(benchmark, size, score);
    }

    /** The copy-only baseline of LongSortBench is no kernel: it must not land in kernels.csv as sort. */
    @Test
    void onlyAKernelsOwnBenchmarkMethodBecomesARow(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh-bare.json");
        Files.writeString(json, "[" + String.join(",",
                result("org.envbench.jmh.cpu.Sha256Bench.run", "1024", 2.0),
                result("org.envbench.jmh.cpu.LongSortBench.run", "2048", 40.0),
                result("org.envbench.jmh.cpu.LongSortBench.baseline", "2048", 0.5)) + "]");

        List<KernelRow> rows = JmhRows.read("bare", json);

        assertEquals(List.of("sha256", "sort"), rows.stream().map(KernelRow::kernel).toList());
        assertEquals(40.0, rows.get(1).score());
        assertEquals(2048, rows.get(1).size());
        assertEquals(3, rows.get(1).samples());
    }
}
