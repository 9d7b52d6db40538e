package org.envbench.http.serve;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts every request in {@code envbench_http_requests_total{route,code}} and, with {@code --access-log json},
 * writes one JSON line per request to stdout (time, method, route, status, duration, kernel, size).
 */
final class RequestObserver extends HttpFilter {

    /** Request attributes the run route sets so that the access log can name the kernel and size. */
    static final String KERNEL_ATTRIBUTE = "envbench.kernel";
    static final String SIZE_ATTRIBUTE = "envbench.size";

    private final ServerState state;

    RequestObserver(ServerState state) {
        this.state = state;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            String route = route(request.getRequestURI());
            // An exception leaves the status as it was; Jetty's error handling answers it with 500.
            int status = failed ? 500 : response.getStatus();
            state.metrics.httpRequests.labels(route, Integer.toString(status)).inc();
            if (state.config.accessLog()) {
                log(request, route, status, System.nanoTime() - start);
            }
        }
    }

    /** The route template, so that label values stay few whatever paths clients send. */
    static String route(String uri) {
        if (uri == null) {
            return "other";
        }
        return switch (uri) {
            case "/", "/health", "/status", "/kernels", "/metrics" -> uri;
            default -> uri.startsWith("/run/") || uri.equals("/run") ? "/run/{kernel}" : "other";
        };
    }

    private void log(HttpServletRequest request, String route, int status, long durationNanos) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("method", request.getMethod());
        line.put("route", route);
        line.put("status", status);
        line.put("duration_ns", durationNanos);
        line.put("kernel", request.getAttribute(KERNEL_ATTRIBUTE));
        line.put("size", request.getAttribute(SIZE_ATTRIBUTE));
        String text = Json.MAPPER.writeValueAsString(line);
        try {
            // The ready line comes first on stdout; a request that raced it waits for it.
            state.readyLatch().await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println(text);
    }
}
