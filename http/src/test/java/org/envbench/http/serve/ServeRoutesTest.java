package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.envbench.core.env.Fingerprint;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Every route of a real server on a free port, through a real HTTP client. */
class ServeRoutesTest {

    private static final Fingerprint FINGERPRINT = new Fingerprint("container",
            List.of(new Fingerprint.Layer("container", "podman", "/run/.containerenv exists", "strong")),
            "none", "podman", "none", "Debian GNU/Linux 12", "6.1.0", "Test CPU <fast> & \"quoted\"", 4, 2, 1.5,
            8L << 30, 4L << 30, 2L << 30,
            new Fingerprint.Jvm("17.0.15", "Debian", "Serial", 1L << 30, List.of("-XX:+UseSerialGC")), "0.1.0", "ext4");

    private static ServeConfig config() {
        return ServeConfig.local().withKernels(List.of(FakeKernel.sum(), FakeKernel.wrong(), FakeKernel.hungry(),
                FakeKernel.sumNamed("<b>bold</b>")));
    }

    @Test
    void healthAnswersUp() throws Exception {
        try (TestServer server = new TestServer(config())) {
            ContentResponse response = server.get("/health");
            assertEquals(200, response.getStatus());
            assertEquals("{\"status\":\"UP\"}", response.getContentAsString());
            assertEquals("application/json", response.getHeaders().get(HttpHeader.CONTENT_TYPE));
            assertEquals(200, server.send(HttpMethod.HEAD, "/health").getStatus());
            assertTrue(server.get("/metrics").getContentAsString()
                    .contains("envbench_http_requests_total{route=\"/health\",code=\"200\",} 2.0"));
        }
    }

    @Test
    void kernelsListsTheCatalogWithRanges() throws Exception {
        try (TestServer server = new TestServer(config())) {
            JsonNode kernels = TestServer.json(server.get("/kernels"));
            assertEquals(4, kernels.size());
            JsonNode sum = kernels.get(0);
            assertEquals("sum", sum.get("name").asText());
            assertEquals("cpu", sum.get("kind").asText());
            assertEquals("elements/s", sum.get("unit").asText());
            assertEquals(FakeKernel.DEFAULT_SIZE, sum.get("default_size").asLong());
            assertEquals(1, sum.get("min_size").asLong());
            assertEquals(FakeKernel.MAX_SIZE, sum.get("max_size").asLong());
        }
    }

    @Test
    void runAnswersWhatTheKernelMeasured() throws Exception {
        try (TestServer server = new TestServer(config())) {
            ContentResponse response = server.get("/run/sum?size=1000&iterations=3");
            assertEquals(200, response.getStatus(), response.getContentAsString());
            JsonNode run = TestServer.json(response);
            assertEquals("sum", run.get("kernel").asText());
            assertEquals(1000, run.get("size").asLong());
            assertEquals(3, run.get("iterations").asInt());
            assertEquals(1000L * 999 / 2, run.get("checksum").asLong());
            assertTrue(run.get("verified").asBoolean());
            assertTrue(run.get("duration_ns").asLong() > 0);
            assertTrue(run.get("score").asDouble() > 0);
            assertEquals("elements/s", run.get("unit").asText());

            ContentResponse posted = server.send(HttpMethod.POST, "/run/sum?size=10");
            assertEquals(200, posted.getStatus(), posted.getContentAsString());
            assertEquals(45, TestServer.json(posted).get("checksum").asLong());

            JsonNode byDefault = TestServer.json(server.get("/run/sum"));
            assertEquals(FakeKernel.DEFAULT_SIZE, byDefault.get("size").asLong());
            assertEquals(1, byDefault.get("iterations").asInt());
        }
    }

    @Test
    void wrongResultIsAnErrorNeverAScore() throws Exception {
        try (TestServer server = new TestServer(config())) {
            ContentResponse response = server.get("/run/wrong?size=100");
            JsonNode error = TestServer.error(response, 500, "verification_failed");
            assertFalse(error.has("score"));
            String metrics = server.get("/metrics").getContentAsString();
            assertTrue(metrics.contains("envbench_kernel_runs_total{kernel=\"wrong\",outcome=\"wrong\",} 1.0"), metrics);
        }
    }

    @Test
    void sizeThatDoesNotFitTheHeapIsRefusedWithTheLargestThatFits() throws Exception {
        try (TestServer server = new TestServer(config())) {
            ContentResponse response = server.get("/run/hungry?size=1000");
            JsonNode error = TestServer.error(response, 413, "size_exceeds_heap");
            assertTrue(error.get("message").asText().contains("-Xmx"), error.toString());
            assertEquals(0, error.get("largest_size_that_fits_now").asLong());
            assertTrue(server.get("/metrics").getContentAsString()
                    .contains("envbench_rejected_total{reason=\"memory\",} 1.0"));
        }
    }

    @Test
    void largestFittingSizeIsFoundByBisection() {
        FakeKernel kernel = FakeKernel.hungry();
        assertEquals(3, RunRoute.largestFitting(kernel, (3L << 50) + 5));
        assertEquals(0, RunRoute.largestFitting(kernel, 10));
    }

    @Test
    void statusCarriesFingerprintProcessFiguresAndCatalog() throws Exception {
        try (TestServer server = new TestServer(config(), () -> FINGERPRINT)) {
            JsonNode status = TestServer.json(server.get("/status"));
            assertEquals("bare", status.get("env").asText());
            assertEquals("container", status.get("fingerprint").get("kind").asText());
            assertEquals("podman", status.get("fingerprint").get("runtime").asText());
            JsonNode process = status.get("process");
            assertEquals(ProcessHandle.current().pid(), process.get("pid").asLong());
            assertTrue(process.get("rss_bytes").asLong() > 0);
            assertTrue(process.get("startup_seconds").asDouble() > 0);
            assertTrue(process.get("uptime_seconds").asDouble() >= process.get("startup_seconds").asDouble());
            assertEquals(4, status.get("kernels").size());
        }
    }

    @Test
    void failingFingerprintDetectionIsReportedNotFatal() throws Exception {
        try (TestServer server = new TestServer(config(), () -> {
            throw new IllegalStateException("no /proc here");
        })) {
            ContentResponse response = server.get("/status");
            assertEquals(200, response.getStatus());
            JsonNode status = TestServer.json(response);
            assertTrue(status.get("fingerprint").isNull());
            assertTrue(status.get("fingerprint_problem").asText().contains("no /proc here"));
            assertTrue(server.get("/metrics").getContentAsString().contains(
                    "envbench_environment_info{kind=\"unknown\",virtualization=\"unknown\",runtime=\"unknown\","
                            + "cpu_model=\"unknown\",} 1.0"));
        }
    }

    @Test
    void indexLinksTheRoutesAndEscapesWhatCameFromTheSystem() throws Exception {
        try (TestServer server = new TestServer(config(), () -> FINGERPRINT)) {
            ContentResponse response = server.get("/");
            assertEquals(200, response.getStatus());
            String html = response.getContentAsString();
            assertTrue(html.startsWith("<!DOCTYPE html>"));
            for (String route : List.of("/health", "/status", "/kernels", "/metrics", "/run/sum?size=1000")) {
                assertTrue(html.contains("href=\"" + route + "\""), route);
            }
            assertTrue(html.contains("Test CPU &lt;fast&gt; &amp; &quot;quoted&quot;"), html);
            assertTrue(html.contains("&lt;b&gt;bold&lt;/b&gt;"));
            assertFalse(html.contains("<b>bold"));
            assertFalse(html.contains("<fast>"));
        }
    }

    @Test
    void metricsCarryTheEnvbenchFamiliesAndTheJvm() throws Exception {
        try (TestServer server = new TestServer(config(), () -> FINGERPRINT)) {
            assertEquals(200, server.get("/run/sum?size=100").getStatus());
            assertEquals(404, server.get("/run/nope").getStatus());
            server.get("/status");
            ContentResponse response = server.get("/metrics");
            assertEquals(200, response.getStatus());
            String metrics = response.getContentAsString();
            for (String expected : List.of(
                    "envbench_kernel_runs_total{kernel=\"sum\",outcome=\"ok\",} 1.0",
                    "envbench_kernel_duration_seconds_count{kernel=\"sum\",} 1.0",
                    "envbench_http_requests_total{route=\"/run/{kernel}\",code=\"200\",} 1.0",
                    "envbench_http_requests_total{route=\"/run/{kernel}\",code=\"404\",} 1.0",
                    "envbench_rejected_total{reason=\"unknown_kernel\",} 1.0",
                    "envbench_environment_info{kind=\"container\",virtualization=\"none\",runtime=\"podman\","
                            + "cpu_model=\"Test CPU <fast> & \\\"quoted\\\"\",} 1.0",
                    "envbench_startup_seconds ",
                    "envbench_system_memory_total_bytes ",
                    "envbench_system_cpu_load_ratio ",
                    "jvm_memory_bytes_used{area=\"heap\",}",
                    "process_cpu_seconds_total ")) {
                assertTrue(metrics.contains(expected), "missing " + expected + " in\n" + metrics);
            }
        }
    }

    @Test
    void eachServerHasItsOwnRegistry() throws Exception {
        try (TestServer first = new TestServer(config()); TestServer second = new TestServer(config())) {
            assertEquals(200, first.get("/run/sum?size=5").getStatus());
            assertTrue(first.get("/metrics").getContentAsString()
                    .contains("envbench_kernel_runs_total{kernel=\"sum\",outcome=\"ok\",} 1.0"));
            assertFalse(second.get("/metrics").getContentAsString().contains("envbench_kernel_runs_total{"));
        }
    }

    @Test
    void tokenGuardsEverythingButHealthAndMetrics() throws Exception {
        try (TestServer server = new TestServer(config().withToken("s3cret"))) {
            assertEquals(200, server.get("/health").getStatus());
            assertEquals(200, server.get("/metrics").getStatus());
            ContentResponse missing = server.get("/run/sum?size=5");
            assertEquals(401, missing.getStatus());
            assertNotNull(missing.getHeaders().get(HttpHeader.WWW_AUTHENTICATE));
            assertTrue(TestServer.json(missing).get("message").asText().contains("no Authorization header"));
            ContentResponse wrong = server.client.newRequest(server.uri("/status"))
                    .headers(headers -> headers.put(HttpHeader.AUTHORIZATION, "Bearer guess")).send();
            assertEquals(401, wrong.getStatus());
            assertTrue(TestServer.json(wrong).get("message").asText().contains("not the right one"));
            ContentResponse right = server.client.newRequest(server.uri("/run/sum?size=5"))
                    .headers(headers -> headers.put(HttpHeader.AUTHORIZATION, "Bearer s3cret")).send();
            assertEquals(200, right.getStatus(), right.getContentAsString());
        }
    }
}
