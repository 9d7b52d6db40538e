package org.envbench.http.load;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty server on 127.0.0.1 with behaviour the tests know in advance: a fixed delay, one stall, or a
 * known share of 500s and dropped connections. It counts what it did so tests can compare with the client.
 * Delays are scheduled, not slept, so that waiting requests hold no server thread.
 */
final class KnownServer implements AutoCloseable {

    final AtomicLong received = new AtomicLong();
    final AtomicLong answered200 = new AtomicLong();
    final AtomicLong answered500 = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    /** The most requests the server held at once. */
    final AtomicInteger peakConcurrency = new AtomicInteger();

    private final AtomicInteger active = new AtomicInteger();

    private final Server server;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final long delayMillis;
    private final long stallAtRequest;
    private final long stallMillis;
    private final long failEvery;
    private final long dropEvery;
    private volatile long stallUntilNanos;
    private volatile boolean stalled;

    private KnownServer(long delayMillis, long stallAtRequest, long stallMillis, long failEvery, long dropEvery)
            throws Exception {
        this.delayMillis = delayMillis;
        this.stallAtRequest = stallAtRequest;
        this.stallMillis = stallMillis;
        this.failEvery = failEvery;
        this.dropEvery = dropEvery;
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                answer(request, response, callback);
                return true;
            }
        });
        server.start();
    }

    /** Answers every request 200 after {@code delayMillis}. */
    static KnownServer delaying(long delayMillis) throws Exception {
        return new KnownServer(delayMillis, 0, 0, 0, 0);
    }

    /** Answers at once, except that request number {@code atRequest} stops the whole server for {@code millis}. */
    static KnownServer stallingOnce(long atRequest, long millis) throws Exception {
        return new KnownServer(0, atRequest, millis, 0, 0);
    }

    /** Answers 500 to every {@code failEvery}-th request, drops the connection of every other {@code dropEvery}-th. */
    static KnownServer faulty(long failEvery, long dropEvery) throws Exception {
        return new KnownServer(0, 0, 0, failEvery, dropEvery);
    }

    /**
     * A stand-in for {@code envbench serve} in trial runs of {@code http/bench/load-vs-wrk.sh}: answers every request
     * at once with {@code {"status":"UP"}} and prints serve's ready line. Not for published figures.
     */
    public static void main(String[] args) throws Exception {
        KnownServer server = delaying(0);
        System.out.println("envbench ready at " + server.uri());
        System.out.flush();
        Thread.currentThread().join();
    }

    URI uri() {
        return server.getURI();
    }

    private void answer(Request request, Response response, Callback callback) {
        long number = received.incrementAndGet();
        peakConcurrency.accumulateAndGet(active.incrementAndGet(), Math::max);
        long now = System.nanoTime();
        if (number == stallAtRequest) {
            stallUntilNanos = now + TimeUnit.MILLISECONDS.toNanos(stallMillis);
            stalled = true;
        }
        if (failEvery > 0 && number % failEvery == 0) {
            answered500.incrementAndGet();
            respond(response, 500, callback);
            return;
        }
        if (dropEvery > 0 && number % dropEvery == 0) {
            dropped.incrementAndGet();
            active.decrementAndGet();
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new IOException("connection dropped on purpose by the test server"));
            return;
        }
        long waitNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(delayMillis), stalled ? stallUntilNanos - now : 0);
        if (waitNanos <= 0) {
            answered200.incrementAndGet();
            respond(response, 200, callback);
        } else {
            scheduler.schedule(() -> {
                answered200.incrementAndGet();
                respond(response, 200, callback);
            }, waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void respond(Response response, int status, Callback callback) {
        active.decrementAndGet();
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap("{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() throws Exception {
        scheduler.shutdownNow();
        server.stop();
    }
}
