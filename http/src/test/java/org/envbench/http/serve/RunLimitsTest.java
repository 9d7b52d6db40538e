package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.envbench.core.Kernels;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The deadline of one /run (--max-run-time) and a client that leaves: work that cannot fit is refused up front, a run
 * that turns out slower is stopped between iterations or answered at its deadline, a run whose client closed its
 * connection stops, and in every case the run slot is free afterwards. One slot, so that "a following run succeeds"
 * means the slot came back.
 */
class RunLimitsTest {

    /** The request of issue 16: about 10^14 floating-point operations, hours on this machine. */
    @Test
    void theHoursLongMatmulIsRefusedBeforeItRunsAndTheSlotIsFreeAfterwards() throws Exception {
        ServeConfig config = ServeConfig.local().withKernels(List.of(Kernels.byName("matmul"))).withMaxConcurrentRuns(1);
        try (TestServer server = new TestServer(config)) {
            ContentResponse refused = get(server, "/run/matmul?size=4096&iterations=1000");
            JsonNode error = TestServer.error(refused, 422, "run_too_long");
            assertEquals(60.0, error.get("max_run_seconds").asDouble());
            assertTrue(error.get("estimated_seconds").asDouble() > 60, refused.getContentAsString());
            long fits = error.get("largest_iterations_that_fit").asLong();
            assertTrue(fits >= 0 && fits < 1000, refused.getContentAsString());
            assertTrue(error.get("message").asText().contains("--max-run-time"), refused.getContentAsString());

            assertEquals(0, inFlight(server));
            assertTrue(metrics(server).contains("envbench_rejected_total{reason=\"too_long\",} 1.0"));
            ContentResponse small = get(server, "/run/matmul?size=64&iterations=2");
            assertEquals(200, small.getStatus(), small.getContentAsString());
        }
    }

    /**
     * The server learned the kernel as quick; it has become slow, so the first iterations show it cannot fit. The
     * deadline leaves the quick estimate 60 ms per iteration, far above what a busy machine adds to a sleep of 0.
     */
    @Test
    void aRunSlowerThanEstimatedStopsBetweenIterations() throws Exception {
        AtomicLong millisPerRun = new AtomicLong(0);
        try (TestServer server = new TestServer(told(millisPerRun, Duration.ofSeconds(60)))) {
            assertEquals(200, get(server, "/run/told?size=10").getStatus());
            millisPerRun.set(400);

            ContentResponse stopped = get(server, "/run/told?size=10&iterations=1000");
            JsonNode error = TestServer.error(stopped, 422, "deadline_exceeded");
            int done = error.get("iterations_done").asInt();
            assertTrue(done >= 1 && done < 1000, stopped.getContentAsString());
            assertTrue(error.get("largest_iterations_that_fit").asLong() < 1000, stopped.getContentAsString());

            assertEquals(0, inFlight(server));
            assertTrue(metrics(server).contains("envbench_kernel_runs_total{kernel=\"told\",outcome=\"deadline\",} 1.0"));
            millisPerRun.set(0);
            assertEquals(200, get(server, "/run/told?size=10&iterations=3").getStatus());
        }
    }

    /**
     * A fresh JVM's first iterations run interpreted and a CPU quota stalls whole periods, so the first iteration can
     * be many times slower than the rest: a projection from it alone must not stop a run that fits.
     */
    @Test
    void aSlowFirstIterationDoesNotStopARunThatFits() throws Exception {
        AtomicLong millisPerRun = new AtomicLong(0);
        try (TestServer server = new TestServer(told(millisPerRun, Duration.ofSeconds(10)))) {
            assertEquals(200, get(server, "/run/told?size=10").getStatus());
            millisPerRun.set(300);
            Thread speedUp = zeroAfter(millisPerRun, 50);
            // Projected from the first iteration alone: 200 x 300 ms = 60 s, six times the budget.
            ContentResponse answer = get(server, "/run/told?size=10&iterations=200");
            speedUp.join();
            assertEquals(200, answer.getStatus(), answer.getContentAsString());
            assertEquals(200, TestServer.json(answer).get("iterations").asInt(), answer.getContentAsString());
        }
    }

    /**
     * Every fresh fork of compare asks a new server for stretched runs at once: the server's calibration, cold, then
     * overestimates them. Seen with a TCG VM: matmul 128 calibrated at 0.925 s per iteration, 68 iterations refused
     * as 64 s, though they took about 3 s once compiled. A cold estimate a few budgets long must run.
     */
    @Test
    void aColdCalibrationDoesNotRefuseARunThatFits() throws Exception {
        AtomicLong millisPerRun = new AtomicLong(300);
        try (TestServer server = new TestServer(told(millisPerRun, Duration.ofSeconds(10)))) {
            Thread warmUp = zeroAfter(millisPerRun, 150);
            // The calibration's iteration takes 300 ms, so 100 iterations look like 30 s: three budgets.
            ContentResponse answer = get(server, "/run/told?size=10&iterations=100");
            warmUp.join();
            assertEquals(200, answer.getStatus(), answer.getContentAsString());
            assertEquals(100, TestServer.json(answer).get("iterations").asInt(), answer.getContentAsString());
        }
    }

    /**
     * One iteration asked for, so without the deadline the answer would be a 200 once it ends: a 422 with no
     * iteration done can only come from the deadline passing while the iteration runs.
     */
    @Test
    void anIterationLongerThanTheDeadlineIsAnsweredAtTheDeadline() throws Exception {
        AtomicLong millisPerRun = new AtomicLong(0);
        try (TestServer server = new TestServer(told(millisPerRun, Duration.ofSeconds(1)))) {
            assertEquals(200, get(server, "/run/told?size=10").getStatus());
            millisPerRun.set(5000);

            ContentResponse stopped = get(server, "/run/told?size=10&iterations=1");
            JsonNode error = TestServer.error(stopped, 422, "deadline_exceeded");
            assertEquals(0, error.get("iterations_done").asInt());
            assertEquals(0, error.get("largest_iterations_that_fit").asLong());

            millisPerRun.set(0);
            awaitTrue(() -> inFlight(server) == 0, "the slot is freed once the long iteration ends");
            assertEquals(200, get(server, "/run/told?size=10").getStatus());
        }
    }

    @Test
    void aClientThatDisconnectsStopsItsRun() throws Exception {
        AtomicLong millisPerRun = new AtomicLong(200);
        // 1000 x 200 ms fits the deadline: only the client's leaving can stop this run early.
        try (TestServer server = new TestServer(told(millisPerRun, Duration.ofMinutes(10)))) {
            Request request = server.client.newRequest(server.uri("/run/told?size=10&iterations=1000"))
                    .timeout(10, TimeUnit.MINUTES);
            CompletableFuture<ContentResponse> pending = new CompletableResponseListener(request).send();
            awaitTrue(() -> inFlight(server) == 1, "the run is in flight");
            request.abort(new Exception("the test's client gives up"));

            awaitTrue(() -> metrics(server).contains(
                    "envbench_kernel_runs_total{kernel=\"told\",outcome=\"client_gone\",} 1.0"),
                    "the server counts the client as gone");
            awaitTrue(() -> inFlight(server) == 0, "the run stops at its next iteration and frees its slot");
            assertTrue(pending.isCompletedExceptionally());
            millisPerRun.set(0);
            assertEquals(200, get(server, "/run/told?size=10").getStatus());
        }
    }

    /** A started thread that makes the told kernel's iterations instant after {@code delayMillis}. */
    private static Thread zeroAfter(AtomicLong millisPerRun, long delayMillis) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            millisPerRun.set(0);
        });
        thread.start();
        return thread;
    }

    private static ServeConfig told(AtomicLong millisPerRun, Duration maxRunTime) {
        return ServeConfig.local().withKernels(List.of(FakeKernel.sleepAsTold(millisPerRun))).withMaxConcurrentRuns(1)
                .withMaxRunTime(maxRunTime);
    }

    private static ContentResponse get(TestServer server, String pathAndQuery) throws Exception {
        return server.client.newRequest(server.uri(pathAndQuery)).timeout(120, TimeUnit.SECONDS).send();
    }

    private static int inFlight(TestServer server) {
        try {
            return TestServer.json(get(server, "/status")).get("runs").get("in_flight").asInt();
        } catch (Exception e) {
            throw new AssertionError("GET /status failed", e);
        }
    }

    private static String metrics(TestServer server) {
        try {
            return get(server, "/metrics").getContentAsString();
        } catch (Exception e) {
            throw new AssertionError("GET /metrics failed", e);
        }
    }

    /** Polls {@code condition} for up to 60 s: generous, since the machine is shared and timing is noisy. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not seen within 60 s: " + what);
    }
}
