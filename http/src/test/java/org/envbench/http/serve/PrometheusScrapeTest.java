package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Prometheus scrapes a real server every second; its query API must then show the target up, the environment
 * info and a kernel counter.
 */
class PrometheusScrapeTest {

    @Test
    void prometheusScrapesTheServer(@TempDir Path dir) throws Exception {
        Path prometheus = ExternalTools.require("prometheus");
        try (TestServer server = new TestServer(ServeConfig.local().withKernels(List.of(FakeKernel.sum())))) {
            assertEquals(200, server.get("/run/sum?size=100").getStatus());
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: envbench
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(server.base.getPort()));
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            HttpClient client = server.client;
            URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=");
            try {
                JsonNode up = awaitResult(client, api, "up{job=\"envbench\"}", process, log);
                assertEquals("1", up.get(0).get("value").get(1).asText());
                JsonNode info = awaitResult(client, api, "envbench_environment_info", process, log);
                assertEquals("1", info.get(0).get("value").get(1).asText());
                assertTrue(info.get(0).get("metric").has("kind"));
                JsonNode runs = awaitResult(client, api,
                        "envbench_kernel_runs_total{kernel=\"sum\",outcome=\"ok\"}", process, log);
                assertEquals("1", runs.get(0).get("value").get(1).asText());
            } finally {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Queries until the result is not empty; bounded to 60 s. */
    private static JsonNode awaitResult(HttpClient client, URI api, String query, Process process, Path log)
            throws Exception {
        URI uri = URI.create(api + URLEncoder.encode(query, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                ContentResponse response = client.newRequest(uri).timeout(5, TimeUnit.SECONDS).send();
                last = response.getContentAsString();
                if (response.getStatus() == 200) {
                    JsonNode result = TestServer.json(response).get("data").get("result");
                    if (result.size() > 0) {
                        return result;
                    }
                }
            } catch (java.util.concurrent.ExecutionException e) {
                last = e.getCause().toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("prometheus never had " + query + "; last answer: " + last + "\nlog:\n"
                + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
