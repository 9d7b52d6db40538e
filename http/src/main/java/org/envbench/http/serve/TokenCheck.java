package org.envbench.http.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * With {@code --token}, every route except /health (probes) and /metrics (scrapes) needs
 * {@code Authorization: Bearer <token>}; a missing or wrong one gets 401.
 */
final class TokenCheck extends HttpFilter {

    private final ServerState state;
    private final byte[] expected;

    TokenCheck(ServerState state, String token) {
        this.state = state;
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String uri = request.getRequestURI();
        if ("/health".equals(uri) || "/metrics".equals(uri)) {
            chain.doFilter(request, response);
            return;
        }
        List<String> given = java.util.Collections.list(request.getHeaders("Authorization"));
        // Compared in constant time so that the answer's timing does not reveal how much of a guess was right.
        if (given.size() == 1 && MessageDigest.isEqual(expected, given.get(0).getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        state.metrics.reject("unauthorized");
        response.setHeader("WWW-Authenticate", "Bearer realm=\"envbench\"");
        String what = given.isEmpty() ? "no Authorization header was sent" : "the token sent is not the right one";
        Json.error(response, 401, "unauthorized", what + "; this server was started with --token: send "
                + "'Authorization: Bearer <token>' (/health and /metrics need no token)", Map.of());
    }
}
