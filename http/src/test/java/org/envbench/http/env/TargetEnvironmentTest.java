package org.envbench.http.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

/** {@code --target}: what it accepts, and a server it reaches but never starts or stops. */
class TargetEnvironmentTest {

    @Test
    void urlsAreNormalisedToABaseUrl() {
        assertEquals(URI.create("http://10.200.0.2:8080/"),
                TargetEnvironment.Definition.parse("ns=http://10.200.0.2:8080").url());
        assertEquals(URI.create("https://example.org/envbench/"),
                TargetEnvironment.Definition.parse("pod = https://example.org/envbench").url());
    }

    @Test
    void badTargetsSayWhatIsExpected() {
        assertMessage("is not an http:// or https:// URL", "ns=ftp://10.200.0.2/");
        assertMessage("expected http://HOST:PORT/", "ns=10.200.0.2:8080");
        assertMessage("is not NAME=URL", "http://10.200.0.2:8080/");
        assertMessage("NAME 'NS' must be a lower-case letter", "NS=http://10.200.0.2:8080/");
        assertMessage("is not a URL", "ns=http://a b/");
    }

    private static void assertMessage(String expected, String option) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetEnvironment.Definition.parse(option));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void unansweredTargetIsUnavailableWithTheUrl() throws Exception {
        int port = org.envbench.http.host.Ports.freeLoopbackPort();
        TargetEnvironment target = new TargetEnvironment(TargetEnvironment.Definition.parse("gone=http://127.0.0.1:"
                + port + "/"));
        String reason = target.unavailableReason().orElseThrow();
        assertTrue(reason.contains("http://127.0.0.1:" + port + "/health"), reason);
    }

    @Test
    void runningServerIsMeasuredNotManaged() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.start();
        try {
            TargetEnvironment target = new TargetEnvironment(TargetEnvironment.Definition.parse("local=http://127.0.0.1:"
                    + server.getAddress().getPort()));
            assertEquals(Optional.empty(), target.unavailableReason());
            for (int round = 0; round < 2; round++) {
                Started started = target.start(new Budget(1, 1L << 30, List.of(), null), Duration.ofSeconds(10));
                assertTrue(Double.isNaN(started.launchToHealthySeconds()));
                assertEquals(false, started.launch().managed());
                assertEquals(Launch.PATH_LOOPBACK, started.launch().networkPath());
                assertEquals(List.of(), target.hostProcesses());
                assertTrue(target.hostResidentBytes().isEmpty());
                target.close();
                target.close();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAddressOffThisHostCrossesANetwork() {
        assertEquals(Launch.PATH_NETWORK, TargetEnvironment.networkPath("10.200.0.2"));
        assertEquals(Launch.PATH_LOOPBACK, TargetEnvironment.networkPath("127.0.0.1"));
    }
}
