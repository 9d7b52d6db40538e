package org.envbench.http.compare;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.envbench.http.env.Budget;
import org.envbench.http.env.Environment;
import org.envbench.http.env.Started;

/**
 * A test environment: a real HTTP server on 127.0.0.1 that answers /health, /status and /run like serve, with
 * scores scaled by a known factor so that ratios have a known answer. It can be told to die after a number of
 * runs, to refuse one kernel, or not to start.
 */
final class FakeEnvironment implements Environment {

    private final String name;
    private final double scoreFactor;
    private final int dieAfterRuns;
    private final boolean failStart;
    private final AtomicInteger runs = new AtomicInteger();
    private HttpServer server;
    volatile boolean closed;
    volatile Budget budgetSeen;

    FakeEnvironment(String name, double scoreFactor, int dieAfterRuns, boolean failStart) {
        this.name = name;
        this.scoreFactor = scoreFactor;
        this.dieAfterRuns = dieAfterRuns;
        this.failStart = failStart;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public synchronized Started start(Budget budget, Duration timeout) throws IOException {
        budgetSeen = budget;
        if (failStart) {
            throw new IOException("fake " + name + " told not to start");
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/status", exchange -> answer(exchange, 200, String.format(Locale.ROOT,
                "{\"fingerprint\":{\"kind\":\"vm\",\"os\":\"Debian GNU/Linux 12\",\"kernelVersion\":\"6.1\","
                        + "\"cpuModel\":\"Fake CPU, 2 GHz\",\"logicalCpus\":2,\"effectiveCpus\":%.1f,"
                        + "\"memoryTotalBytes\":25000000000,\"memoryLimitBytes\":-1,"
                        + "\"jvm\":{\"version\":\"17.0.13\",\"flags\":[]}},"
                        + "\"process\":{\"pid\":1,\"rssBytes\":41943040,\"uptimeSeconds\":1.0,"
                        + "\"startupSeconds\":0.4}}", budget.cpus())));
        server.createContext("/run/", this::run);
        server.start();
        return new Started(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), 0.25,
                "fake " + name);
    }

    private void run(HttpExchange exchange) throws IOException {
        String kernel = exchange.getRequestURI().getPath().substring("/run/".length());
        if (kernel.equals("alloc")) {
            answer(exchange, 400, "{\"error\":\"size does not fit the heap\"}");
            return;
        }
        int count = runs.incrementAndGet();
        if (dieAfterRuns >= 0 && count > dieAfterRuns) {
            exchange.close();
            new Thread(() -> server.stop(0)).start();
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        long size = Long.parseLong(query.replaceAll(".*size=(\\d+).*", "$1"));
        // A small deterministic spread, the same in every environment, so that intervals are not degenerate.
        double score = scoreFactor * (100 + count % 3);
        answer(exchange, 200, String.format(Locale.ROOT, "{\"kernel\":\"%s\",\"size\":%d,\"iterations\":3,"
                + "\"duration_ns\":1000000,\"checksum\":42,\"verified\":true,\"score\":%.6f,\"unit\":\"MB/s\"}",
                kernel, size, score));
    }

    private static void answer(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public OptionalLong hostResidentBytes() {
        return server == null ? OptionalLong.empty() : OptionalLong.of(50_000_000L);
    }

    @Override
    public void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout) throws IOException {
        throw new IOException("fake environments run no JMH");
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.stop(0);
        }
    }

    int runs() {
        return runs.get();
    }
}
