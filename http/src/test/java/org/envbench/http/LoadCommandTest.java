package org.envbench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.envbench.http.results.CsvFile;
import org.envbench.http.results.LatencyRow;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code envbench load} as a user runs it: options, exit status, summary, latency.csv row and interval log. */
class LoadCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int load(String... args) {
        picocli.CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "load";
        System.arraycopy(args, 0, all, 1, args.length);
        return commandLine.execute(all);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--url http://127.0.0.1:9/ --path /health                               | exactly one of --rate",
        "--url http://127.0.0.1:9/ --path /health --rate 10 --connections 2     | not both",
        "--url http://127.0.0.1:9/ --rate 10                                    | exactly one of --kernel",
        "--url http://127.0.0.1:9/ --path /health --kernel sha256 --rate 10     | not both",
        "--url http://127.0.0.1:9/ --path /health --rate 10 --duration 0s       | duration 0ms is not valid",
        "--url http://127.0.0.1:9/ --path /health --rate 10 --duration -5s      | is not a duration",
        "--url http://127.0.0.1:9/ --path /health --rate 10 --timeout 10        | is not a duration",
        "--url http://127.0.0.1:9/ --path /health --rate 0                      | rate 0.0 is not valid",
        "--url http://127.0.0.1:9/ --path /health --connections -1              | connections -1 is not valid",
        "--url ftp://127.0.0.1:9/ --path /health --rate 10                      | is not an http URL",
        "--url 127.0.0.1:9 --path /health --rate 10                             | for example http://127.0.0.1:8080/",
        "--url http://127.0.0.1:9/ --path health --rate 10                      | start with '/'",
        "--url http://127.0.0.1:9/ --kernel Sha_256 --rate 10                   | unknown kernel 'Sha_256'",
        "--url http://127.0.0.1:9/ --kernel sha256 --size -1 --rate 10          | out of range",
        "--url http://127.0.0.1:9/ --path /health --size 5 --rate 10            | --size goes with --kernel",
        "--url http://127.0.0.1:9/ --path /health --rate 10 --out /nonexistent/x.csv | does not exist",
        "--url http://127.0.0.1:9/ --path /health --connections 2 --max-connections 4 | goes with --rate",
        "--url http://127.0.0.1:9/ --path /health --rate 10 --max-connections 0      | max connections 0 is not valid",
    })
    void badOptionsExitTwoWithAMessage(String args, String expected) {
        int status = load(args.trim().split("\\s+"));

        assertEquals(2, status, err.toString());
        assertTrue(err.toString().contains(expected), "expected '" + expected + "' in: " + err);
        assertTrue(err.toString().contains("Usage:"), "usage shown: " + err);
        assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void unreachableServerExitsOneWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();

        int status = load("--url", "http://127.0.0.1:" + port + "/", "--path", "/health", "--rate", "10",
                "--duration", "30s", "--timeout", "2s");

        assertEquals(1, status);
        assertTrue(err.toString().contains("cannot reach"), err.toString());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "reported instead of running for 30 s");
    }

    @Test
    void writesSummaryRowAndIntervalLog(@TempDir Path folder) throws Exception {
        Server server = new Server(new java.net.InetSocketAddress("127.0.0.1", 0));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.write(true, java.nio.ByteBuffer.wrap("{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8)),
                        callback);
                return true;
            }
        });
        server.start();
        try {
            Path csv = folder.resolve("latency.csv");
            Path hlog = folder.resolve("run.hlog");
            String url = server.getURI().toString();

            assertEquals(0, load("--url", url, "--path", "/health", "--rate", "50", "--duration", "2s",
                    "--warmup", "500ms", "--env", "bare", "--out", csv.toString(), "--hlog", hlog.toString()), err.toString());
            assertEquals(0, load("--url", url, "--kernel", "sha256", "--size", "1024", "--connections", "2",
                    "--duration", "1s", "--warmup", "0s", "--out", csv.toString()), err.toString());

            assertTrue(out.toString().contains("Requests/sec:"), out.toString());
            assertTrue(out.toString().contains("intended send time"), out.toString());
            assertTrue(out.toString().contains("actual send time"), out.toString());
            assertTrue(err.toString().contains("requests"), "progress lines on stderr: " + err);
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertEquals(3, lines.size(), "header once, then one row per run: " + lines);
            assertEquals(CsvFile.header(LatencyRow.class), lines.get(0));
            String[] open = lines.get(1).split(",", -1);
            String[] closed = lines.get(2).split(",", -1);
            assertEquals(16, open.length);
            assertEquals(List.of("bare", "/health", "", "open", "50.000", "100"),
                    List.of(open[0], open[1], open[2], open[3], open[4], open[8]));
            assertEquals(List.of("sha256", "1024", "closed", "", "2"),
                    List.of(closed[1], closed[2], closed[3], closed[4], closed[5]));

            long logged = 0;
            HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
            for (Histogram h; (h = (Histogram) reader.nextIntervalHistogram()) != null; ) {
                logged += h.getTotalCount();
            }
            assertEquals(100, logged, "the interval log holds the measured requests");
        } finally {
            server.stop();
        }
    }
}
