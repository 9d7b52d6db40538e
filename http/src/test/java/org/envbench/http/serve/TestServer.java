package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.function.Supplier;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Server;
import org.envbench.core.env.Fingerprint;

import com.fasterxml.jackson.databind.JsonNode;

/** A real envbench server on 127.0.0.1 and a free port, with a Jetty HttpClient pointed at it. */
final class TestServer implements AutoCloseable {

    final Server server;
    final URI base;
    final HttpClient client = new HttpClient();

    TestServer(ServeConfig config) throws Exception {
        this(config, Fingerprint::detect);
    }

    TestServer(ServeConfig config, Supplier<Fingerprint> detector) throws Exception {
        server = EnvbenchServer.createServer(config, detector, uri -> { });
        server.start();
        base = EnvbenchServer.uri(server);
        client.start();
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    ContentResponse get(String pathAndQuery) throws Exception {
        return client.newRequest(uri(pathAndQuery)).send();
    }

    ContentResponse send(HttpMethod method, String pathAndQuery) throws Exception {
        return client.newRequest(uri(pathAndQuery)).method(method).send();
    }

    static JsonNode json(ContentResponse response) throws Exception {
        return Json.MAPPER.readTree(response.getContentAsString());
    }

    /** The JSON error {@code response} carries, once its status and error code are the ones expected. */
    static JsonNode error(ContentResponse response, int status, String code) throws Exception {
        assertEquals(status, response.getStatus(), response.getContentAsString());
        JsonNode error = json(response);
        assertEquals(code, error.get("error").asText(), response.getContentAsString());
        return error;
    }

    @Override
    public void close() throws Exception {
        try {
            client.stop();
        } finally {
            server.stop();
        }
    }
}
