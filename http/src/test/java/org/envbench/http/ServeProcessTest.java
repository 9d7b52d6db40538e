package org.envbench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code serve} as its own process: the ready line comes first on stdout, SIGTERM during a long run lets the run
 * finish and answer 200, the process exits 0, and the JSON access log names the run; a port already taken is one
 * line and exit status 1.
 */
class ServeProcessTest {

    private static final Pattern READY = Pattern.compile("^envbench ready at (http://\\S+/)$");
    private static final long RUN_MILLIS = 8000;

    @Test
    void sigtermLetsTheRunInFlightFinishAndExitsZero(@TempDir Path dir) throws Exception {
        try (Served served = Served.start(dir, "--port", "0", "--grace", "60s", "--access-log", "json")) {
            URI base = served.awaitReady();
            HttpClient client = served.client();
            // Warms the status route up, so that polling it below is quick next to the run.
            assertEquals(200, client.newRequest(base.resolve("/status")).timeout(60, TimeUnit.SECONDS).send()
                    .getStatus());

            CompletableFuture<ContentResponse> run = new CompletableResponseListener(
                    client.newRequest(base.resolve("/run/sleep?size=" + RUN_MILLIS)).timeout(120, TimeUnit.SECONDS))
                    .send();
            awaitRunInFlight(client, base);
            served.process().destroy();

            ContentResponse response = run.get(120, TimeUnit.SECONDS);
            assertEquals(200, response.getStatus(), response.getContentAsString());
            JsonNode result = new ObjectMapper().readTree(response.getContentAsString());
            assertEquals("sleep", result.get("kernel").asText());
            assertTrue(result.get("duration_ns").asLong() >= TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS));

            served.assertExitedZero();
            assertTrue(Files.readString(served.stderr()).contains("waiting up to 60000 ms for 1 request(s) in flight"),
                    Files.readString(served.stderr()));

            List<String> lines = Files.readAllLines(dir.resolve("stdout.txt"));
            assertEquals("envbench ready at " + base, lines.get(0));
            List<JsonNode> log = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                log.add(new ObjectMapper().readTree(line));
            }
            assertFalse(log.isEmpty());
            JsonNode last = log.get(log.size() - 1);
            assertEquals("GET", last.get("method").asText());
            assertEquals("/run/{kernel}", last.get("route").asText());
            assertEquals(200, last.get("status").asInt());
            assertEquals("sleep", last.get("kernel").asText());
            assertEquals(RUN_MILLIS, last.get("size").asLong());
            assertTrue(last.get("duration_ns").asLong() > 0);
            assertTrue(last.has("time"));
        }
    }

    /**
     * A run of 500 s whose client has left: SIGTERM does not wait for it, so the server does not run out of its 60 s
     * grace (as it did before runs noticed their clients leaving), and exits 0 with the run's iteration still going.
     */
    @Test
    void sigtermDoesNotWaitForARunWhoseClientHasGone(@TempDir Path dir) throws Exception {
        try (Served served = Served.start(dir, "--port", "0", "--grace", "60s", "--max-run-time", "10m")) {
            URI base = served.awaitReady();
            HttpClient client = served.client();
            Request run = client.newRequest(base.resolve("/run/sleep?size=1000&iterations=500"))
                    .timeout(10, TimeUnit.MINUTES);
            CompletableFuture<ContentResponse> pending = new CompletableResponseListener(run).send();
            awaitRunInFlight(client, base);
            run.abort(new Exception("the test's client gives up"));
            awaitMetric(client, base, "envbench_kernel_runs_total{kernel=\"sleep\",outcome=\"client_gone\",} 1.0");
            served.process().destroy();

            served.assertExitedZero();
            // The request may still be completing its (unread) 499 when SIGTERM comes, so "waiting" may be announced;
            // waiting for the run itself would take the whole grace and end with "ran out".
            String errors = Files.readString(served.stderr());
            assertFalse(errors.contains("ran out"), errors);
            assertTrue(pending.isCompletedExceptionally());
        }
    }

    @Test
    void aPortAlreadyTakenIsOneLineAndExitStatusOne(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path stderr = dir.resolve("stderr.txt");
            Process process = serve(dir, "--port", Integer.toString(taken.getLocalPort()));
            try {
                assertTrue(process.waitFor(120, TimeUnit.SECONDS), "serve did not exit on a taken port");
            } finally {
                process.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(stderr);
            assertEquals(1, process.exitValue(), String.join("\n", lines));
            assertEquals(List.of("envbench: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use; choose another --port (0 picks a free one) or --host"), lines);
        }
    }

    /**
     * {@link SleepyServeMain} with these arguments, stdout and stderr in {@code dir}/stdout.txt and stderr.txt: files,
     * not pipes, because destroy() closes the pipes and the access log is read after the process ended.
     */
    /**
     * A serve process (its output in {@code dir}) and a started client, both stopped when the test ends, however it
     * ends.
     */
    private record Served(Process process, HttpClient client, Path dir) implements AutoCloseable {

        static Served start(Path dir, String... args) throws Exception {
            Process process = serve(dir, args);
            HttpClient client = new HttpClient();
            try {
                client.start();
            } catch (Exception e) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw e;
            }
            return new Served(process, client, dir);
        }

        Path stderr() {
            return dir.resolve("stderr.txt");
        }

        /** The base URL from serve's first stdout line, "envbench ready at URL". */
        URI awaitReady() throws Exception {
            String first = firstLine(dir.resolve("stdout.txt"), process, stderr());
            Matcher ready = READY.matcher(first);
            assertTrue(ready.matches(), "first stdout line: " + first);
            return URI.create(ready.group(1));
        }

        /** After SIGTERM: serve exits within 120 s, with status 0. */
        void assertExitedZero() throws Exception {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "serve did not exit after SIGTERM");
            assertEquals(0, process.exitValue(), "exit status; stderr: " + Files.readString(stderr()));
        }

        @Override
        public void close() throws Exception {
            client.stop();
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Process serve(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), SleepyServeMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    /** The first line, or a failure with stderr if the process ends first; bounded to 60 s. */
    private static String firstLine(Path stdout, Process process, Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(stdout);
            int end = text.indexOf('\n');
            if (end >= 0) {
                return text.substring(0, end);
            }
            if (!process.isAlive()) {
                throw new AssertionError("serve exited with " + process.exitValue() + " before it was ready; stderr: "
                        + Files.readString(stderr));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve printed no line in 60 s; stderr: " + Files.readString(stderr));
    }

    /** Polls /metrics until it holds {@code line}; bounded to 60 s. */
    private static void awaitMetric(HttpClient client, URI base, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (client.newRequest(base.resolve("/metrics")).timeout(30, TimeUnit.SECONDS).send().getContentAsString()
                    .contains(line)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("/metrics never showed " + line);
    }

    /** Polls /status until one run is in flight; bounded by the run's own length. */
    private static void awaitRunInFlight(HttpClient client, URI base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
        while (System.nanoTime() < deadline) {
            ContentResponse status = client.newRequest(base.resolve("/status")).timeout(30, TimeUnit.SECONDS).send();
            if (new ObjectMapper().readTree(status.getContentAsString()).get("runs").get("in_flight").asInt() == 1) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run never showed as in flight");
    }
}
