package org.envbench.http.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (oversized headers, bad URIs, ambiguous paths, unhandled exceptions) as the same JSON as the
 * routes' errors, whatever the client accepts, and without stack traces. The server gets this one; the servlet
 * context gets {@link ForServlets}, because errors inside a servlet context go through the servlet error handling.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final ServerMetrics metrics;

    /** Counts what it answers in {@code envbench_http_requests_total{route="other"}}: no route saw these requests. */
    JsonErrorHandler(ServerMetrics metrics) {
        this.metrics = metrics;
        hideInternals(this);
    }

    /** No stack traces and no causes in what either handler answers: they would show the server's insides. */
    private static void hideInternals(ErrorHandler handler) {
        handler.setShowStacks(false);
        handler.setShowCauses(false);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code,
                                                 String message, Throwable cause) {
        metrics.httpRequests.labels("other", Integer.toString(code)).inc();
        writeJson(response, callback, code, message);
        return true;
    }

    static void writeJson(Response response, Callback callback, int code, String message) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    static byte[] body(int code, String message) {
        String reason = HttpStatus.getMessage(code);
        String text = message == null || message.isBlank() ? reason : message;
        String advice = switch (code) {
            case 400 -> ": the request line or path is not valid HTTP for this server (bad percent-encoding, '..' "
                    + "segments and encoded '/' are refused); the routes are " + String.join(", ", IndexRoute.ROUTES);
            case 413 -> ": the request is larger than this server accepts; /run takes its parameters in the query";
            case 414 -> ": the URI is longer than this server accepts (8 KiB with headers)";
            case 431 -> ": the request headers are larger than this server accepts (8 KiB); send smaller headers";
            default -> code >= 500 ? "" : ": the routes are " + String.join(", ", IndexRoute.ROUTES);
        };
        try {
            return Json.MAPPER.writeValueAsBytes(Json.errorBody(code, reason.toLowerCase(Locale.ROOT).replace(' ', '_'),
                    text + advice, Map.of()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an error as JSON", e);
        }
    }

    /** The same JSON for errors raised inside the servlet context. */
    static final class ForServlets extends org.eclipse.jetty.ee10.servlet.ErrorHandler {

        ForServlets() {
            hideInternals(this);
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                     String contentType, List<Charset> charsets, int code,
                                                     String message, Throwable cause) {
            writeJson(response, callback, code, message);
            return true;
        }
    }
}
