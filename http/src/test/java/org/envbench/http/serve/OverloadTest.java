package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Every run slot taken: the next run gets 503 with Retry-After at once, while /health and /metrics still answer. */
class OverloadTest {

    private static final int SLOTS = 2;

    @Test
    void fullSlotsAnswerBusyAtOnceAndHealthStillAnswers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ServeConfig config = ServeConfig.local().withKernels(List.of(FakeKernel.waitFor(release), FakeKernel.sum()))
                .withMaxConcurrentRuns(SLOTS);
        try (TestServer server = new TestServer(config)) {
            List<CompletableFuture<ContentResponse>> held = new ArrayList<>();
            try {
                for (int i = 0; i < SLOTS; i++) {
                    held.add(new CompletableResponseListener(server.client.newRequest(server.uri("/run/wait?size=10"))
                            .timeout(60, TimeUnit.SECONDS)).send());
                }
                awaitInFlight(server, SLOTS);

                ContentResponse busy = server.client.newRequest(server.uri("/run/sum?size=10"))
                        .timeout(10, TimeUnit.SECONDS).send();
                assertEquals(503, busy.getStatus(), busy.getContentAsString());
                assertEquals("1", busy.getHeaders().get(HttpHeader.RETRY_AFTER));
                JsonNode error = TestServer.json(busy);
                assertEquals("busy", error.get("error").asText());
                assertEquals(SLOTS, error.get("max_concurrent_runs").asInt());

                ContentResponse health = server.client.newRequest(server.uri("/health"))
                        .timeout(10, TimeUnit.SECONDS).send();
                assertEquals(200, health.getStatus());
                ContentResponse metrics = server.client.newRequest(server.uri("/metrics"))
                        .timeout(10, TimeUnit.SECONDS).send();
                assertEquals(200, metrics.getStatus());
                assertTrue(metrics.getContentAsString().contains("envbench_rejected_total{reason=\"busy\",} 1.0"));
                for (CompletableFuture<ContentResponse> run : held) {
                    assertTrue(!run.isDone(), "a held run ended before it was released");
                }
            } finally {
                release.countDown();
            }
            for (CompletableFuture<ContentResponse> run : held) {
                ContentResponse response = run.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.getStatus(), response.getContentAsString());
            }
            assertEquals(200, server.get("/run/sum?size=10").getStatus(), "slots are free again");
        }
    }

    /** Polls /status until {@code runs} are in flight; bounded to 30 s. */
    private static void awaitInFlight(TestServer server, int runs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int seen = -1;
        while (System.nanoTime() < deadline) {
            seen = TestServer.json(server.get("/status")).get("runs").get("in_flight").asInt();
            if (seen == runs) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + runs + " runs in flight, saw " + seen);
    }
}
