package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /metrics output, after runs and errors have filled the envbench families, passes {@code promtool check metrics}. */
class PromtoolTest {

    @Test
    void metricsPassPromtool(@TempDir Path dir) throws Exception {
        Path promtool = ExternalTools.require("promtool");
        try (TestServer server = new TestServer(ServeConfig.local().withKernels(List.of(FakeKernel.sum(),
                FakeKernel.wrong())))) {
            server.get("/run/sum?size=100");
            server.get("/run/wrong?size=100");
            server.get("/run/nope");
            server.get("/status");
            String metrics = server.get("/metrics").getContentAsString();
            assertTrue(metrics.contains("envbench_kernel_duration_seconds_bucket"));
            Path file = dir.resolve("metrics.txt");
            Files.writeString(file, metrics);
            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(file.toFile())
                    .redirectErrorStream(true)
                    .start();
            assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.exitValue(), "promtool check metrics found problems:\n" + output);
        }
    }
}
