package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.jetty.client.ContentResponse;
import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every kernel of the real catalog runs over HTTP at its smallest size and comes back verified, its files only in
 * the server's scratch folder and gone after the run.
 */
class CatalogOverHttpTest {

    @TempDir
    Path scratch;

    @Test
    void everyKernelRunsVerifiedAtItsSmallestSize() throws Exception {
        try (TestServer server = new TestServer(ServeConfig.local().withScratchFolder(scratch))) {
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
                try (Stream<Path> left = Files.list(scratch)) {
                    assertEquals(List.of(), left.toList(), kernel.name() + " left files in the scratch folder");
                }
            }
        }
    }
}
