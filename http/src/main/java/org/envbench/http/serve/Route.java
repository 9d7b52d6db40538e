package org.envbench.http.serve;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One route: answers its methods, and 405 with the allowed ones in JSON to any other. */
abstract class Route extends HttpServlet {

    private final List<String> methods;
    final transient ServerState state;

    Route(ServerState state, String... methods) {
        this.state = state;
        this.methods = List.of(methods);
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!methods.contains(request.getMethod())) {
            if (request.getRequestURI().startsWith("/run")) {
                state.metrics.reject("method");
            }
            response.setHeader("Allow", String.join(", ", methods));
            Json.error(response, 405, "method_not_allowed", "method " + Json.quote(request.getMethod())
                    + " is not allowed on " + Json.quote(request.getRequestURI()) + ": use "
                    + String.join(" or ", methods), Map.of("allowed_methods", methods));
            return;
        }
        answer(request, response);
    }

    abstract void answer(HttpServletRequest request, HttpServletResponse response) throws IOException;
}
