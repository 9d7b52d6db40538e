package org.envbench.http.serve;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.envbench.core.ToolVersion;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /status}: the fingerprint (waiting for its detection if it is still running), process figures and the
 * catalog.
 */
final class StatusRoute extends Route {

    static final Duration FINGERPRINT_WAIT = Duration.ofSeconds(30);

    StatusRoute(ServerState state) {
        super(state, "GET", "HEAD");
    }

    @Override
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FingerprintProbe.Outcome outcome = state.fingerprint.await(FINGERPRINT_WAIT);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("env", state.config.envLabel());
        body.put("tool_version", ToolVersion.get());
        body.put("fingerprint", outcome.fingerprint());
        if (outcome.problem() != null) {
            body.put("fingerprint_problem", outcome.problem());
        }
        body.put("process", process(state));
        Map<String, Object> runs = new LinkedHashMap<>();
        runs.put("max_concurrent", state.slots.capacity());
        runs.put("in_flight", state.slots.inFlight());
        runs.put("heap_headroom_bytes", state.slots.headroomBytes());
        runs.put("max_run_seconds", state.config.maxRunTime().toMillis() / 1000.0);
        body.put("runs", runs);
        body.put("kernels", KernelsRoute.catalog(state));
        Json.write(response, 200, body);
    }

    static Map<String, Object> process(ServerState state) {
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("pid", ProcessHandle.current().pid());
        process.put("rss_bytes", residentBytes());
        process.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        double startup = state.startupSeconds();
        process.put("startup_seconds", Double.isNaN(startup) ? null : startup);
        process.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        process.put("available_processors", Runtime.getRuntime().availableProcessors());
        return process;
    }

    /** VmRSS from /proc/self/status; -1 where there is no /proc. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
