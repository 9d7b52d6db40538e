package org.envbench.http.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /health} answered by Jetty's core API, in front of the servlet context: probes and throughput tests hit
 * this route hardest, and it needs nothing of the servlet machinery. Other methods on /health and every other path
 * go on to the servlets.
 */
final class HealthHandler extends Handler.Wrapper {

    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.US_ASCII);

    private final ServerState state;

    HealthHandler(ServerState state, Handler next) {
        super(next);
        this.state = state;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (state.config.accessLog() || !"/health".equals(request.getHttpURI().getPath())
                || !"GET".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, UP.length);
        state.metrics.healthRequests.inc();
        response.write(true, ByteBuffer.wrap(UP), callback);
        return true;
    }
}
