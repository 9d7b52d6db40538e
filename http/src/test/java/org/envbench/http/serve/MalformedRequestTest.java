package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Malformed requests, sent byte for byte over a socket: each must get its own 4xx with a JSON body that says what was
 * wrong (never a 5xx, never HTML), and the server must stay healthy after all of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestTest {

    private static final String BIG = "a".repeat(20_000);

    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(ServeConfig.local().withKernels(List.of(FakeKernel.sum())));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    /**
     * One malformed request and what it must get.
     *
     * @param error   the JSON {@code error} field expected, or null where Jetty's generic one is fine
     * @param mention text the JSON {@code message} must contain, so that it says what is allowed
     */
    record Case(String name, String method, String target, String headers, byte[] body, int status, String error,
                String mention) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case get(String name, String target, int status, String error, String mention) {
        return new Case(name, "GET", target, "", new byte[0], status, error, mention);
    }

    private static Case call(String name, String method, String target, int status, String error, String mention) {
        return new Case(name, method, target, "", new byte[0], status, error, mention);
    }

    static Stream<Case> cases() {
        return Stream.of(
                get("unknown kernel", "/run/nope", 404, "unknown_kernel", "sum"),
                get("no kernel", "/run/", 404, "unknown_kernel", "sum"),
                get("run without slash", "/run", 404, "unknown_kernel", "sum"),
                get("kernel with extra path", "/run/sum/extra", 404, "unknown_kernel", "sum"),
                get("kernel in upper case", "/run/SUM", 404, "unknown_kernel", "sum"),
                get("unknown route", "/nope", 404, "not_found", "/health"),
                get("negative size", "/run/sum?size=-5", 400, "size_out_of_range", "from 1 to 1000000"),
                get("zero size", "/run/sum?size=0", 400, "size_out_of_range", "from 1 to 1000000"),
                get("size above max", "/run/sum?size=1000001", 400, "size_out_of_range", "from 1 to 1000000"),
                get("size beyond long", "/run/sum?size=99999999999999999999999", 400, "size_out_of_range",
                        "from 1 to 1000000"),
                get("size just beyond long", "/run/sum?size=9223372036854775808", 400, "size_out_of_range",
                        "from 1 to 1000000"),
                get("non-numeric size", "/run/sum?size=abc", 400, "bad_size", "whole number"),
                get("empty size", "/run/sum?size=", 400, "bad_size", "whole number"),
                get("size with unit", "/run/sum?size=10MB", 400, "bad_size", "no units"),
                get("size with spaced unit", "/run/sum?size=10%20MB", 400, "bad_size", "no units"),
                get("size in exponent form", "/run/sum?size=1e6", 400, "bad_size", "no exponent"),
                get("fractional size", "/run/sum?size=1.5", 400, "bad_size", "no decimals"),
                get("hexadecimal size", "/run/sum?size=0x10", 400, "bad_size", "whole number"),
                get("plus-signed size", "/run/sum?size=%2B5", 400, "bad_size", "whole number"),
                get("encoded negative size", "/run/sum?size=%2D5", 400, "size_out_of_range", "from 1 to 1000000"),
                get("repeated size", "/run/sum?size=1&size=2", 400, "repeated_parameter", "give it once"),
                get("zero iterations", "/run/sum?iterations=0", 400, "bad_iterations", "from 1 to 1000"),
                get("too many iterations", "/run/sum?iterations=100000", 400, "bad_iterations", "from 1 to 1000"),
                get("non-numeric iterations", "/run/sum?iterations=many", 400, "bad_iterations", "from 1 to 1000"),
                get("repeated iterations", "/run/sum?iterations=1&iterations=1", 400, "repeated_parameter",
                        "give it once"),
                get("unknown parameter", "/run/sum?sise=10", 400, "unknown_parameter", "size and iterations"),
                get("bad percent-encoding in query", "/run/sum?size=%zz", 400, "bad_query", "size=N"),
                get("truncated percent-encoding in query", "/run/sum?size=1%2", 400, "bad_query", "size=N"),
                get("invalid UTF-8 in query", "/run/sum?size=%C3%28", 400, null, ""),
                call("PUT on run", "PUT", "/run/sum", 405, "method_not_allowed", "GET or POST"),
                call("DELETE on run", "DELETE", "/run/sum?size=5", 405, "method_not_allowed", "GET or POST"),
                call("POST on health", "POST", "/health", 405, "method_not_allowed", "GET or HEAD"),
                call("PATCH on kernels", "PATCH", "/kernels", 405, "method_not_allowed", "GET or HEAD"),
                call("DELETE on status", "DELETE", "/status", 405, "method_not_allowed", "GET or HEAD"),
                get("path traversal", "/../../etc/passwd", 400, null, "'..'"),
                get("path traversal under run", "/run/../../etc/passwd", 400, null, "'..'"),
                get("encoded slash traversal", "/run/..%2f..%2fetc%2fpasswd", 400, null, "'/'"),
                get("encoded dot traversal", "/run/%2e%2e/%2e%2e/etc/passwd", 400, null, "'..'"),
                get("bad percent-encoding in path", "/%zz", 400, null, "percent-encoding"),
                get("encoded NUL in path", "/run/sum%00", 400, null, ""),
                new Case("oversized header", "GET", "/health", "X-Padding: " + BIG + "\r\n", new byte[0], 431, null,
                        "8 KiB"),
                get("oversized URI", "/run/sum?size=" + BIG, 414, null, "longer"),
                new Case("oversized body", "POST", "/run/sum", "Content-Type: application/octet-stream\r\n",
                        new byte[1 << 20], 413, "body_too_large", "query string"),
                new Case("duplicate Content-Length", "POST", "/run/sum",
                        "Content-Length: 1\r\nContent-Length: 2\r\n", new byte[0], 400, null, ""),
                new Case("oversized form body", "POST", "/run/sum",
                        "Content-Type: application/x-www-form-urlencoded\r\n",
                        ("size=" + "9".repeat(300_000)).getBytes(StandardCharsets.US_ASCII), 413, "body_too_large",
                        "query string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedRequestGetsItsOwnFourHundredWithJson(Case request) throws Exception {
        RawHttp.Answer answer = RawHttp.send(server.base, request.method(), request.target(), request.headers(),
                request.body());
        assertEquals(request.status(), answer.status(), answer.body());
        assertTrue(answer.headers().contains("content-type: application/json"), answer.headers());
        JsonNode body = Json.MAPPER.readTree(answer.body());
        assertEquals(request.status(), body.get("status").asInt(), answer.body());
        if (request.error() != null) {
            assertEquals(request.error(), body.get("error").asText(), answer.body());
        }
        String message = body.get("message").asText();
        assertFalse(message.isBlank(), answer.body());
        assertTrue(message.contains(request.mention()), "message should mention '" + request.mention() + "': "
                + message);
        assertFalse(answer.body().contains("at org."), "no stack trace: " + answer.body());
        if (request.status() == 405) {
            assertTrue(answer.hasHeader("allow"), answer.headers());
        }
    }

    @Test
    void thereAreAtLeastThirtyCases() {
        assertTrue(cases().count() >= 30);
    }

    @Test
    void serverIsHealthyAfterEveryCaseAndNeverAnsweredFiveHundred() throws Exception {
        for (Case request : cases().toList()) {
            RawHttp.Answer answer = RawHttp.send(server.base, request.method(), request.target(), request.headers(),
                    request.body());
            assertTrue(answer.status() >= 400 && answer.status() < 500, request + " got " + answer.status());
        }
        assertEquals(200, server.get("/health").getStatus());
        assertEquals(200, server.get("/run/sum?size=10").getStatus());
        String metrics = server.get("/metrics").getContentAsString();
        assertFalse(metrics.matches("(?s).*envbench_http_requests_total\\{[^}]*code=\"5\\d\\d\".*"), metrics);
        assertTrue(metrics.contains("envbench_http_requests_total{route=\"other\",code=\"431\",}"), metrics);
    }
}
