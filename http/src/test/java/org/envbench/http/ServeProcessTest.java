package org.envbench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code serve} as its own process: the ready line comes first on stdout, SIGTERM during a long run lets the run
 * finish and answer 200, the process exits 0, and the JSON access log names the run.
 */
class ServeProcessTest {

    private static final Pattern READY = Pattern.compile("^envbench ready at (http://\\S+/)$");
    private static final long RUN_MILLIS = 8000;

    @Test
    void sigtermLetsTheRunInFlightFinishAndExitsZero(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        // A file, not a pipe: destroy() closes the pipes, and the access log is read after the process ended.
        Path stdout = dir.resolve("stdout.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SleepyServeMain.class.getName(),
                "--port", "0", "--grace", "60s", "--access-log", "json")
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        HttpClient client = new HttpClient();
        client.start();
        try {
            String first = firstLine(stdout, process, stderr);
            Matcher ready = READY.matcher(first);
            assertTrue(ready.matches(), "first stdout line: " + first);
            URI base = URI.create(ready.group(1));
            // Warms the status route up, so that polling it below is quick next to the run.
            assertEquals(200, client.newRequest(base.resolve("/status")).timeout(60, TimeUnit.SECONDS).send()
                    .getStatus());

            CompletableFuture<ContentResponse> run = new CompletableResponseListener(
                    client.newRequest(base.resolve("/run/sleep?size=" + RUN_MILLIS)).timeout(120, TimeUnit.SECONDS))
                    .send();
            awaitRunInFlight(client, base);
            process.destroy();

            ContentResponse response = run.get(120, TimeUnit.SECONDS);
            assertEquals(200, response.getStatus(), response.getContentAsString());
            JsonNode result = new ObjectMapper().readTree(response.getContentAsString());
            assertEquals("sleep", result.get("kernel").asText());
            assertTrue(result.get("duration_ns").asLong() >= TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS));

            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "serve did not exit after SIGTERM");
            assertEquals(0, process.exitValue(), "exit status; stderr: " + Files.readString(stderr));
            assertTrue(Files.readString(stderr).contains("waiting up to 60000 ms for 1 request(s) in flight"),
                    Files.readString(stderr));

            List<String> lines = Files.readAllLines(stdout);
            assertEquals(first, lines.get(0));
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
        } finally {
            client.stop();
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
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
