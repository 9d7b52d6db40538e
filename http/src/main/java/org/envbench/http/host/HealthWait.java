package org.envbench.http.host;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits for a server that was just launched to answer {@code GET /health} with 200, checking now and then that
 * what runs it is still alive, so that a server that died is reported at once and not at the deadline.
 */
public final class HealthWait {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /** Says why the server can no longer answer (it exited), or null while it may still. */
    @FunctionalInterface
    public interface Liveness {
        String deathReason() throws IOException, InterruptedException;
    }

    private HealthWait() {
    }

    /**
     * @param what           the server in messages, for example "bare server" or "container 1a2b"
     * @param livenessEvery  check {@code liveness} every this many attempts (a check may cost a command)
     * @throws IOException saying what was last seen when the server died or the deadline passed
     */
    public static void await(HttpClient http, URI baseUri, long deadlineNanos, String what, int livenessEvery,
                             Liveness liveness) throws IOException, InterruptedException {
        URI health = baseUri.resolve("/health");
        HttpRequest request = HttpRequest.newBuilder(health).timeout(REQUEST_TIMEOUT).GET().build();
        String last = "no answer";
        for (int attempt = 0; System.nanoTime() < deadlineNanos; attempt++) {
            if (attempt % livenessEvery == 0) {
                String death = liveness.deathReason();
                if (death != null) {
                    throw new IOException(what + " " + death + " before /health answered 200");
                }
            }
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "/health answered " + response.statusCode();
            } catch (IOException e) {
                last = "/health: " + e;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IOException(what + " did not answer 200 on " + health + " in time (last: " + last + ")");
    }
}
