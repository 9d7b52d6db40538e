package org.envbench.http.compare;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks to one running {@code serve}: {@code /health}, {@code /status} and {@code /run/{kernel}}. */
final class ServerClient {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    boolean healthy() {
        try {
            return get("/health", Duration.ofSeconds(5)).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    JsonNode status() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/status", Duration.ofSeconds(30));
        if (response.statusCode() != 200) {
            throw new IOException("GET /status answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return JSON.readTree(response.body());
    }

    /**
     * One {@code /run}: the kernel's JSON answer.
     *
     * @throws RunRefusedException for a 4xx or 501 (this kernel and size cannot run here; the server is fine)
     * @throws IOException         for anything else that is not a verified 200
     */
    JsonNode run(String kernel, long size, int iterations) throws IOException, InterruptedException {
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
        JsonNode result = JSON.readTree(response.body());
        if (!result.path("verified").asBoolean(false)) {
            throw new IOException("/run/" + kernel + "?size=" + size + " answered an unverified result: "
                    + abbreviate(response.body()));
        }
        if (!result.path("score").isNumber() || durationNanos(result) <= 0) {
            throw new IOException("/run/" + kernel + " answer lacks a numeric score or a positive duration_ns: "
                    + abbreviate(response.body()));
        }
        return result;
    }

    /** The server-side duration of a {@code /run} answer, in ns ({@code duration_ns}; -1 when absent). */
    static long durationNanos(JsonNode result) {
        for (String name : new String[] {"duration_ns", "durationNanos"}) {
            if (result.path(name).isNumber()) {
                return result.path(name).asLong();
            }
        }
        return -1;
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

    /** The fingerprint inside a {@code /status} answer: its {@code fingerprint} object, or the answer itself. */
    static JsonNode fingerprint(JsonNode status) {
        JsonNode fingerprint = status.path("fingerprint");
        return fingerprint.isObject() ? fingerprint : status;
    }

    /** The server's resident memory as {@code /status} reports it: the first numeric field named like rss. */
    static OptionalLong residentBytes(JsonNode status) {
        JsonNode found = findField(status, "rss");
        return found != null && found.isNumber() ? OptionalLong.of(found.asLong()) : OptionalLong.empty();
    }

    /** The server's own JVM-start-to-ready seconds from {@code /status}, when it reports them. */
    static OptionalDouble startupSeconds(JsonNode status) {
        JsonNode found = findField(status, "startup");
        return found != null && found.isNumber() ? OptionalDouble.of(found.asDouble()) : OptionalDouble.empty();
    }

    private static JsonNode findField(JsonNode node, String fragment) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().toLowerCase(java.util.Locale.ROOT).contains(fragment) && field.getValue().isNumber()) {
                    return field.getValue();
                }
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                JsonNode child = it.next();
                if (child.isObject() && child != node.get("fingerprint")) {
                    JsonNode found = findField(child, fragment);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /** A 4xx or 501 from {@code /run}: this kernel at this size is refused here, the server is fine. */
    static final class RunRefusedException extends IOException {
        RunRefusedException(String message) {
            super(message);
        }
    }
}
