package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jetty.client.ContentResponse;
import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Every kernel of the real catalog runs over HTTP at its smallest size and comes back verified. */
class CatalogOverHttpTest {

    @Test
    void everyKernelRunsVerifiedAtItsSmallestSize() throws Exception {
        try (TestServer server = new TestServer(ServeConfig.local())) {
            JsonNode catalog = TestServer.json(server.get("/kernels"));
            assertEquals(Kernels.all().size(), catalog.size());
            for (Kernel kernel : Kernels.all()) {
                ContentResponse response = server.get("/run/" + kernel.name() + "?size=" + kernel.minSize());
                assertEquals(200, response.getStatus(), kernel.name() + ": " + response.getContentAsString());
                JsonNode run = TestServer.json(response);
                assertEquals(kernel.name(), run.get("kernel").asText());
                assertEquals(kernel.minSize(), run.get("size").asLong());
                assertTrue(run.get("verified").asBoolean());
                assertTrue(run.get("score").asDouble() > 0, kernel.name() + ": " + run);
                assertEquals(kernel.unit().symbol(), run.get("unit").asText());
            }
        }
    }
}
