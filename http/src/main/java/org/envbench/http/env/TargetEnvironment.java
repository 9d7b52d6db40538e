package org.envbench.http.env;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import org.envbench.http.host.HealthWait;

/**
 * A {@code serve} that already runs somewhere and that envbench only measures ({@code --target NAME=URL}): a cloud
 * VM, a pod behind {@code kubectl port-forward}, another machine. It is never started, paused or stopped; what it is
 * and its idle memory come from its own {@code /status}, its startup time and host memory are unknown.
 */
public final class TargetEnvironment implements Environment {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    /**
     * One {@code --target}.
     *
     * @param name the environment's name in {@code --envs} and the results
     * @param url  the server's base URL, {@code http://HOST:PORT/}
     */
    public record Definition(String name, URI url) {

        /** {@code NAME=URL}, as {@code --target} takes it. */
        public static Definition parse(String option) {
            int equals = option.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("--target '" + option + "' is not NAME=URL, for example "
                        + "--target cloud=http://203.0.113.7:8080/");
            }
            String name = option.substring(0, equals).strip();
            LaunchCommandEnvironment.requireName(name, "--target");
            String text = option.substring(equals + 1).strip();
            URI url;
            try {
                url = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--target " + name + ": '" + text + "' is not a URL ("
                        + e.getReason() + "); expected http://HOST:PORT/");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("--target " + name + ": '" + text + "' is not an http:// or "
                        + "https:// URL; expected the base URL of a running envbench serve, http://HOST:PORT/");
            }
            if (url.getHost() == null || url.getHost().isEmpty()) {
                throw new IllegalArgumentException("--target " + name + ": '" + text + "' names no host; expected "
                        + "http://HOST:PORT/");
            }
            String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
            if (!path.endsWith("/")) {
                path += "/";
            }
            try {
                url = new URI(scheme, null, url.getHost(), url.getPort(), path, null, null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--target " + name + ": '" + text + "': " + e.getMessage());
            }
            return new Definition(name, url);
        }
    }

    private final Definition definition;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();

    public TargetEnvironment(Definition definition) {
        this.definition = definition;
    }

    @Override
    public String name() {
        return definition.name();
    }

    /** Unavailable when {@code /health} does not answer 200 now. */
    @Override
    public Optional<String> unavailableReason() {
        URI health = definition.url().resolve("health");
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(health).timeout(HEALTH_TIMEOUT).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                return Optional.of("target " + health + " answered " + response.statusCode() + ", not 200");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("target " + health + " does not answer (" + e + "); is envbench serve running "
                    + "there, listening on that address (serve --host 0.0.0.0)?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking " + health);
        }
    }

    /** Checks {@code /health} and returns the URL; no launch, so no launch-to-healthy time (NaN). */
    @Override
    public Started start(Budget budget, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofSeconds(30).toNanos());
        HealthWait.await(http, definition.url(), deadline, "target " + name(), Integer.MAX_VALUE, () -> null);
        String path = networkPath(definition.url().getHost());
        return new Started(definition.url(), Double.NaN, "remote target " + definition.url()
                + ", not started, paused or stopped by envbench; the budget is whatever it runs under",
                new Launch(null, null, null, null, null, false, path, definition.url().toString()));
    }

    /** Loopback for a name or address of this host's loopback, else a network. */
    static String networkPath(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress() ? Launch.PATH_LOOPBACK : Launch.PATH_NETWORK;
        } catch (UnknownHostException e) {
            return Launch.PATH_NETWORK;
        }
    }

    @Override
    public OptionalLong hostResidentBytes() {
        return OptionalLong.empty();
    }

    /** None: a target is never paused. */
    @Override
    public List<ProcessHandle> hostProcesses() {
        return List.of();
    }

    @Override
    public void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout) throws IOException {
        throw new IOException("JMH does not run in target " + name() + ": envbench does not manage it; run "
                + "benchmarks.jar there yourself");
    }

    /** Nothing to stop: envbench started nothing. */
    @Override
    public void close() {
    }
}
