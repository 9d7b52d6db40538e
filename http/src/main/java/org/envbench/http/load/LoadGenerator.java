package org.envbench.http.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.HdrHistogram.HistogramLogWriter;

/**
 * Drives one server with one {@link LoadPlan} and returns its {@link LoadResult}. This is the API behind
 * {@code envbench load}; {@code compare} calls it in-process.
 *
 * <pre>{@code
 * LoadResult result = new LoadGenerator(plan)
 *         .progressTo(new PrintWriter(System.err, true)) // optional: a progress line about once a second
 *         .histogramLog(writer)            // optional: HdrHistogram interval log of the measured part
 *         .run();
 * CsvFile.append(Path.of("latency.csv"), LatencyRow.class, result.row());
 * }</pre>
 *
 * Before the run it opens one TCP connection to the server, so that a server that is not there is reported
 * within the timeout instead of being counted as thousands of connect errors. The run always ends: requests stop
 * being started at warmup + duration, and each one is bounded by the timeout.
 */
public final class LoadGenerator {

    private final LoadPlan plan;
    private PrintWriter progress;
    private HistogramLogWriter histogramLog;

    public LoadGenerator(LoadPlan plan) {
        this.plan = plan;
    }

    /** Prints a progress line about once a second to {@code out}; without this the run is silent. */
    public LoadGenerator progressTo(PrintWriter out) {
        this.progress = out;
        return this;
    }

    /** Writes one interval histogram (latency in nanoseconds) about once a second of the measured part. */
    public LoadGenerator histogramLog(HistogramLogWriter writer) {
        this.histogramLog = writer;
        return this;
    }

    /**
     * Runs the plan: warmup, then the measured part, then waits for the requests still outstanding.
     *
     * @throws UnreachableServerException if no TCP connection to the server could be made within the timeout
     */
    public LoadResult run() throws UnreachableServerException, InterruptedException {
        checkReachable();
        try (LoadRun run = new LoadRun(plan, progress, histogramLog)) {
            return run.execute();
        }
    }

    private void checkReachable() throws UnreachableServerException {
        String host = plan.target().uri().getHost();
        int port = plan.target().port();
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, plan.timeout().toMillis()));
        String where = host + ":" + port;
        try (Socket socket = new Socket()) {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new UnknownHostException(host);
            }
            socket.connect(address, timeoutMillis);
        } catch (UnknownHostException e) {
            throw new UnreachableServerException("cannot reach " + plan.target().uri() + ": unknown host '" + host
                    + "'; check --url", e);
        } catch (SocketTimeoutException e) {
            throw new UnreachableServerException("cannot reach " + plan.target().uri() + ": no connection to " + where
                    + " within the timeout of " + DurationConverter.format(plan.timeout())
                    + "; is the server running and the address right? Check --url", e);
        } catch (IOException e) {
            throw new UnreachableServerException("cannot reach " + plan.target().uri() + ": connecting to " + where
                    + " failed (" + e.getMessage() + "); is the server running? Start it with "
                    + "`java -jar http/envbench.jar serve` or check --url", e);
        }
    }
}
