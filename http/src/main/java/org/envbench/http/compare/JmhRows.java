package org.envbench.http.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.envbench.http.results.KernelRow;

/**
 * Turns JMH's JSON result into kernels.csv rows with {@code source=jmh}: one row per benchmark and parameter
 * set, JMH's score and error, and the number of measurement iterations over all forks as {@code samples}. The
 * kernel is found from the benchmark class, {@code <Kernel class>Bench} as jmh/ names them; only a kernel's own
 * benchmark method ({@link #KERNEL_METHOD}) is a kernel row, so {@code LongSortBench.baseline} (the copy alone) is not
 * counted as sort.
 */
final class JmhRows {

    /** The benchmark method every {@code <Kernel>Bench} inherits from jmh's KernelBench. */
    static final String KERNEL_METHOD = "run";

    private JmhRows() {
    }

    static List<KernelRow> read(String env, Path json) throws IOException {
        Map<String, String> kernelByBenchClass = new HashMap<>();
        for (Kernel kernel : Kernels.all()) {
            kernelByBenchClass.put(kernel.getClass().getSimpleName() + "Bench", kernel.name());
        }
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<KernelRow> rows = new ArrayList<>();
        for (JsonNode result : root) {
            String benchmark = result.path("benchmark").asText();
            String[] parts = benchmark.split("\\.");
            String benchClass = parts.length >= 2 ? parts[parts.length - 2] : benchmark;
            if (parts.length >= 2 && !parts[parts.length - 1].equals(KERNEL_METHOD)) {
                continue;
            }
            String kernel = kernelByBenchClass.getOrDefault(benchClass, benchmark);
            JsonNode metric = result.path("primaryMetric");
            int samples = 0;
            for (JsonNode fork : metric.path("rawData")) {
                samples += fork.size();
            }
            rows.add(KernelRow.jmh(env, kernel, size(result.path("params")), result.path("threads").asInt(1),
                    samples, metric.path("score").asDouble(Double.NaN), metric.path("scoreError").asDouble(Double.NaN),
                    metric.path("scoreUnit").asText()));
        }
        return rows;
    }

    /** The {@code size} parameter, else the first numeric one, else -1. */
    private static long size(JsonNode params) {
        if (params.has("size")) {
            return params.path("size").asLong(-1);
        }
        for (Iterator<JsonNode> it = params.elements(); it.hasNext(); ) {
            JsonNode value = it.next();
            try {
                return Long.parseLong(value.asText());
            } catch (NumberFormatException e) {
                // not a size; look further
            }
        }
        return -1;
    }
}
