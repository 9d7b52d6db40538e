package org.envbench.http.compare;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.envbench.http.wire.RunAnswer;
import org.envbench.http.wire.StatusAnswer;

/** Talks to one running {@code serve}: {@code /health}, {@code /status} and {@code /run/{kernel}}. */
final class ServerClient {

    /** A field the client does not know is the server's news, not an error. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final URI baseUri;
    private final HttpClient http;
    private final Duration runTimeout;

    ServerClient(URI baseUri, Duration runTimeout) {
        this.baseUri = baseUri;
        this.runTimeout = runTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    URI baseUri() {
        return baseUri;
    }

    /**
     * Whether {@code /health} answers 200, asked up to three times over about 30 s: a server just continued after
     * SIGSTOP (a gVisor sandbox, a guest under emulation) can take seconds to catch up on a loaded machine, and
     * failing it then would fail an environment that is well.
     */
    boolean healthy() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                if (get("/health", Duration.ofSeconds(10)).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // asked again below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    StatusAnswer status() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/status", Duration.ofSeconds(30));
        if (response.statusCode() != 200) {
            throw new IOException("GET /status answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        try {
            return JSON.readValue(response.body(), StatusAnswer.class);
        } catch (JsonProcessingException e) {
            throw new IOException("GET /status answered what is not a /status answer (" + e.getOriginalMessage()
                    + "): " + abbreviate(response.body()));
        }
    }

    /**
     * One {@code /run}: the kernel's answer, verified and with a score and a positive duration.
     *
     * @throws RunRefusedException for a 4xx or 501 (this kernel and size cannot run here; the server is fine)
     * @throws IOException         for anything else that is not a verified 200
     */
    RunAnswer run(String kernel, long size, int iterations) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        baseUri.resolve("/run/" + kernel + "?size=" + size + "&iterations=" + iterations))
                .timeout(runTimeout).POST(HttpRequest.BodyPublishers.noBody()).build());
        int code = response.statusCode();
        // 4xx: this size does not fit here; 501: this build cannot run the kernel. Either way the server is fine.
        if (code >= 400 && code < 500 || code == 501) {
            throw new RunRefusedException("/run/" + kernel + "?size=" + size + " answered " + code + ": "
                    + abbreviate(response.body()));
        }
        if (code != 200) {
            throw new IOException("/run/" + kernel + "?size=" + size + " answered " + code + ": "
                    + abbreviate(response.body()));
        }
        RunAnswer result;
        try {
            result = JSON.readValue(response.body(), RunAnswer.class);
        } catch (JsonProcessingException e) {
            throw new IOException("/run/" + kernel + " answered what is not a /run answer (" + e.getOriginalMessage()
                    + "): " + abbreviate(response.body()));
        }
        if (!result.verified()) {
            throw new IOException("/run/" + kernel + "?size=" + size + " answered an unverified result: "
                    + abbreviate(response.body()));
        }
        if (!Double.isFinite(result.score()) || result.durationNanos() <= 0) {
            throw new IOException("/run/" + kernel + " answer lacks a numeric score or a positive duration_ns: "
                    + abbreviate(response.body()));
        }
        return result;
    }

    private HttpResponse<String> get(String path, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(baseUri.resolve(path)).timeout(timeout).GET().build());
    }

    /**
     * Sends once more when the connection failed before an answer: a server continued after SIGSTOP (see Freezer)
     * closes its idle keep-alive connections as it wakes, and the first request may meet one that is closing. A
     * second failure, or a timeout, is the server's.
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            Thread.sleep(50);
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    /** A 4xx or 501 from {@code /run}: this kernel at this size is refused here, the server is fine. */
    static final class RunRefusedException extends IOException {
        RunRefusedException(String message) {
            super(message);
        }
    }
}
