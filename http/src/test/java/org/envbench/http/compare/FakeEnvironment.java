package org.envbench.http.compare;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.envbench.core.env.Fingerprint;
import org.envbench.http.env.Budget;
import org.envbench.http.env.Environment;
import org.envbench.http.env.Started;
import org.envbench.http.wire.RunAnswer;
import org.envbench.http.wire.StatusAnswer;

/**
 * A test environment: a real HTTP server on 127.0.0.1 that answers /health, /status and /run like serve, with
 * serve's own answer records, and scores scaled by a known factor so that ratios have a known answer. It refuses
 * alloc (as a server whose heap is too small would), and can be told to die after a number of runs or not to start.
 * One made of a process is never started: it only names the process for the freezer.
 */
final class FakeEnvironment implements Environment {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final double scoreFactor;
    private final int dieAfterRuns;
    private final boolean failStart;
    private final int failFromStart;
    private final List<ProcessHandle> processes;
    private final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger starts = new AtomicInteger();
    private HttpServer server;
    volatile boolean closed;
    volatile Budget budgetSeen;

    private FakeEnvironment(String name, double scoreFactor, int dieAfterRuns, boolean failStart, int failFromStart,
                            List<ProcessHandle> processes) {
        this.name = name;
        this.scoreFactor = scoreFactor;
        this.dieAfterRuns = dieAfterRuns;
        this.failStart = failStart;
        this.failFromStart = failFromStart;
        this.processes = processes;
    }

    /** An environment whose scores are {@code scoreFactor} times the reference's. */
    static FakeEnvironment scoring(String name, double scoreFactor) {
        return new FakeEnvironment(name, scoreFactor, -1, false, -1, List.of());
    }

    /** An environment like {@link #scoring} whose {@code start}-th start and later ones fail (a fork that fails). */
    static FakeEnvironment scoringUntilStart(String name, double scoreFactor, int start) {
        return new FakeEnvironment(name, scoreFactor, -1, false, start, List.of());
    }

    /** An environment that stops answering after {@code runs} /run calls. */
    static FakeEnvironment dyingAfter(String name, int runs) {
        return new FakeEnvironment(name, 1.0, runs, false, -1, List.of());
    }

    /** An environment whose start fails. */
    static FakeEnvironment failingToStart(String name) {
        return new FakeEnvironment(name, 1.0, -1, true, -1, List.of());
    }

    /** An environment made of {@code process}, never started: what the freezer stops and resumes. */
    static FakeEnvironment madeOf(String name, Process process) {
        return new FakeEnvironment(name, 1.0, -1, false, -1, List.of(process.toHandle()));
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
        int start = starts.incrementAndGet();
        if (failFromStart > 0 && start >= failFromStart) {
            throw new IOException("fake " + name + " told not to start a " + start + ". time");
        }
        if (failStart) {
            throw new IOException("fake " + name + " told not to start");
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/status", exchange -> answer(exchange, 200, status(budget)));
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
        answer(exchange, 200, new RunAnswer(kernel, size, 3, 1_000_000, 42, true, score, "MB/s", 0L, 0L));
    }

    /** A host that is itself a VM, with the CPUs of the budget. */
    private static StatusAnswer status(Budget budget) {
        Fingerprint fingerprint = new Fingerprint("vm", List.of(), "kvm", "none", "kvm", "Debian GNU/Linux 12", "6.1",
                "Fake CPU, 2 GHz", 2, 2, budget.cpus(), 25_000_000_000L, 20_000_000_000L, -1,
                new Fingerprint.Jvm("17.0.13", "Fake", "Serial", 1L << 28, List.of()), "test", "tmpfs");
        return new StatusAnswer("fake", "test", fingerprint, null,
                new StatusAnswer.ProcessFigures(1, 41_943_040, 1.0, 0.4, 1L << 28, 2),
                new StatusAnswer.Runs(1, 0, 1L << 27, 60), List.of());
    }

    private static void answer(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] bytes = body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
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
    public List<ProcessHandle> hostProcesses() {
        return processes;
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
