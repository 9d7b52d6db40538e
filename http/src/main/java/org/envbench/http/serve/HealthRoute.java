package org.envbench.http.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /health}: 200 {@code {"status":"UP"}}, a constant, so that probes cost next to nothing. */
final class HealthRoute extends Route {

    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.US_ASCII);

    HealthRoute(ServerState state) {
        super(state, "GET", "HEAD");
    }

    @Override
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setContentLength(UP.length);
        response.getOutputStream().write(UP);
    }
}
