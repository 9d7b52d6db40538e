package org.envbench.http.load;

import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One execution of a {@link LoadPlan}: the Jetty client, the timeline, the recorders and the counters. Requests are
 * sorted into warmup and measured by the time they are due (open loop) or sent (closed loop), so a warmup request
 * that completes after the warmup is still left out.
 */
final class LoadRun implements AutoCloseable {

    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_INLINE_DEPTH = 8;
    private static final long LATE_SEND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * Client threads: few, since the work is non-blocking and more threads only switch between each other, but
     * enough that Jetty's selector always has one to run callbacks on (DESIGN.md gives the measurements).
     */
    private static final int CLIENT_THREADS = Math.max(8, Math.min(16, 2 * Runtime.getRuntime().availableProcessors()));

    private final LoadPlan plan;
    private final PrintWriter progress;
    private final HistogramLogWriter histogramLog;
    private final URI uri;
    private final long timeoutMillis;
    private final HttpClient client;
    private final ScheduledExecutorService ticker;

    private final long highestNanos;
    private final Recorder warmupRecorder;
    private final Recorder measuredRecorder;
    private final Tally warmupTally = new Tally();
    private final Tally measuredTally = new Tally();
    private final LongAdder completed = new LongAdder();
    private final LongAdder duplicateCompletions = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong measuredInFlight = new AtomicLong();
    private final AtomicLong lastMeasuredCompletion = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger peakConnections = new AtomicInteger();
    private final ThreadLocal<int[]> inlineDepth = ThreadLocal.withInitial(() -> new int[1]);

    private final Histogram warmupTotal;
    private final Histogram measuredTotal;
    private Histogram intervalRecycle;
    private long lastTickNanos;
    private long lastTickCompleted;
    private boolean loggedAny;

    private volatile boolean finished;
    private long startNanos;
    private long warmupEndNanos;
    private long endNanos;
    private long maxSendLagNanos;

    LoadRun(LoadPlan plan, PrintWriter progress, HistogramLogWriter histogramLog) {
        this.plan = plan;
        this.progress = progress;
        this.histogramLog = histogramLog;
        this.uri = plan.target().uri();
        this.timeoutMillis = Math.max(1, plan.timeout().toMillis());
        // Fixed-size histograms: no resizing while recording. No latency can exceed the whole run.
        this.highestNanos = Math.max(TimeUnit.HOURS.toNanos(1),
                2 * (plan.warmup().toNanos() + plan.duration().toNanos() + plan.timeout().toNanos()));
        this.warmupRecorder = new Recorder(highestNanos, 3);
        this.measuredRecorder = new Recorder(highestNanos, 3);
        this.warmupTotal = new Histogram(highestNanos, 3);
        this.measuredTotal = new Histogram(highestNanos, 3);
        this.client = newClient();
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "envbench-load-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    private HttpClient newClient() {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        // Our response listeners never block (counters, a wait-free recorder, the next asynchronous send), so
        // Jetty may run them on the selector thread instead of handing every response to a pool thread, which
        // raises the client's ceiling (DESIGN.md, "load").
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient http = new HttpClient(transport);
        // A few threads do all the (non-blocking) work; Jetty's default of up to 200 makes the client spend its CPU
        // switching between threads.
        QueuedThreadPool threads = new QueuedThreadPool(CLIENT_THREADS, 2);
        threads.setName("envbench-load");
        threads.setDaemon(true);
        http.setExecutor(threads);
        http.setName("envbench-load");
        http.setMaxConnectionsPerDestination(plan.connectionLimit());
        // Open loop: requests beyond the connection limit wait in the client's queue (their latency keeps
        // counting from the due time) rather than being refused; rate x timeout bounds how many can wait.
        long queue = plan.mode() == LoadMode.OPEN
                ? (long) Math.ceil(plan.ratePerSecond() * (timeoutMillis / 1000.0 + 1)) + 1024 : plan.connections() + 1024;
        http.setMaxRequestsQueuedPerDestination((int) Math.min(Integer.MAX_VALUE, queue));
        http.setConnectTimeout(timeoutMillis);
        http.setIdleTimeout(timeoutMillis + 30_000);
        http.setFollowRedirects(false);
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "envbench-load"));
        http.getContentDecoderFactories().clear();
        http.addBean(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                peakConnections.accumulateAndGet(openConnections.incrementAndGet(), Math::max);
            }

            @Override
            public void onClosed(Connection connection) {
                openConnections.decrementAndGet();
            }
        });
        return http;
    }

    LoadResult execute() throws InterruptedException {
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
        }
        startNanos = System.nanoTime();
        warmupEndNanos = startNanos + plan.warmup().toNanos();
        endNanos = warmupEndNanos + plan.duration().toNanos();
        lastTickNanos = startNanos;
        if (histogramLog != null) {
            long nowMillis = System.currentTimeMillis();
            histogramLog.outputComment("envbench load " + plan.mode().csvName() + " loop against " + uri
                    + "; latency in nanoseconds from each request's "
                    + (plan.mode() == LoadMode.OPEN ? "intended send time" : "actual send time"));
            histogramLog.outputLogFormatVersion();
            histogramLog.outputStartTime(nowMillis + plan.warmup().toMillis());
            histogramLog.setBaseTime(nowMillis + plan.warmup().toMillis());
            histogramLog.outputLegend();
        }
        ticker.scheduleAtFixedRate(() -> tick(false), 1, 1, TimeUnit.SECONDS);
        long deadline = endNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) + GRACE_NANOS;
        if (plan.mode() == LoadMode.OPEN) {
            runOpenLoop();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } else {
            CountDownLatch slotsDone = new CountDownLatch(plan.connections());
            for (int slot = 0; slot < plan.connections(); slot++) {
                issue(slotsDone);
            }
            slotsDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            // Drain: a slot ends with its last answer, but make sure of it before the counts are read.
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (this) {
            finished = true;
            long unfinished = measuredInFlight.get();
            for (long i = 0; i < unfinished; i++) {
                measuredTally.failure(Tally.Failure.TIMEOUT, null);
            }
            tick(true);
            if (duplicateCompletions.sum() > 0 && progress != null) {
                progress.printf(Locale.ROOT, "load: the HTTP client completed %d exchange(s) twice; each was counted "
                        + "once%n", duplicateCompletions.sum());
                progress.flush();
            }
            long last = lastMeasuredCompletion.get();
            double durationSeconds = last == Long.MIN_VALUE ? plan.duration().toNanos() / 1e9
                    : Math.max(1, last - warmupEndNanos) / 1e9;
            if (unfinished > 0) {
                durationSeconds = (System.nanoTime() - warmupEndNanos) / 1e9;
            }
            int connections = plan.mode() == LoadMode.CLOSED ? plan.connections() : peakConnections.get();
            return LoadResult.of(plan, measuredTotal.copy(), measuredTally.snapshot(), durationSeconds, connections,
                    maxSendLagNanos);
        }
    }

    /**
     * Open loop. Measured request j is handed to the client at warmupEnd + j/rate, however the earlier requests are
     * doing. The warmup ramps the rate up from 0 over its first half and holds it over its second half: a cold
     * client and server started at full rate fall behind, open every connection they may, and carry that backlog
     * into the measured part.
     */
    private void runOpenLoop() {
        double periodNanos = 1e9 / plan.ratePerSecond();
        double rampNanos = (warmupEndNanos - startNanos) / 2.0;
        for (long k = 0; ; k++) {
            double offset = Math.sqrt(2 * rampNanos * periodNanos * k);
            if (offset >= rampNanos) {
                break;
            }
            if (!sendWhenDue(startNanos + (long) offset, false)) {
                measuredTally.unsent(measuredCount(periodNanos, 0));
                return;
            }
        }
        for (long m = 0; ; m++) {
            long due = startNanos + (long) (rampNanos + m * periodNanos);
            if (due >= warmupEndNanos) {
                break;
            }
            if (!sendWhenDue(due, false)) {
                measuredTally.unsent(measuredCount(periodNanos, 0));
                return;
            }
        }
        for (long j = 0; ; j++) {
            long due = warmupEndNanos + (long) (j * periodNanos);
            if (due >= endNanos) {
                return;
            }
            if (!sendWhenDue(due, true)) {
                // Behind schedule and out of time: what is still due is never sent, so that the run ends on time.
                // It is counted, not dropped silently: the client could not keep the rate.
                measuredTally.unsent(measuredCount(periodNanos, j));
                return;
            }
        }
    }

    /**
     * Waits for {@code due} and sends; false, without sending, if the run's time is up. A request the sender hands
     * over a little after the end (a late wake-up) is still sent, with that lateness in its latency.
     */
    private boolean sendWhenDue(long due, boolean measured) {
        long now;
        while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(due - now);
        }
        if (now >= endNanos + LATE_SEND_NANOS) {
            return false;
        }
        if (measured) {
            maxSendLagNanos = Math.max(maxSendLagNanos, now - due);
        }
        send(due, measured, null);
        return true;
    }

    /** How many measured requests, from index {@code from} on, fall due before the end. */
    private long measuredCount(double periodNanos, long from) {
        long count = 0;
        for (long j = from; warmupEndNanos + (long) (j * periodNanos) < endNanos; j++) {
            count++;
        }
        return count;
    }

    /** Closed loop: starts the next request of one slot, or ends the slot once the run is over. */
    private void issue(CountDownLatch slotsDone) {
        long now = System.nanoTime();
        if (now >= endNanos || finished) {
            slotsDone.countDown();
            return;
        }
        send(now, now >= warmupEndNanos, slotsDone);
    }

    private void send(long startedNanos, boolean measured, CountDownLatch slotsDone) {
        inFlight.incrementAndGet();
        if (measured) {
            measuredInFlight.incrementAndGet();
        }
        // Once per request whatever the client does: on a connection the server drops, Jetty's client has been
        // seen to complete one exchange twice (the same race as jetty/jetty.project#13400). A second completion
        // counted would count one request twice; in the closed loop it would also fork the slot into two.
        AtomicBoolean completedOnce = new AtomicBoolean();
        client.newRequest(uri)
                .method(HttpMethod.GET)
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .send(result -> {
                    if (!completedOnce.compareAndSet(false, true)) {
                        duplicateCompletions.increment();
                        return;
                    }
                    complete(result, startedNanos, measured);
                    if (slotsDone != null) {
                        next(slotsDone);
                    }
                });
    }

    /** Starts a closed-loop slot's next request; hands off to the executor when failures complete synchronously. */
    private void next(CountDownLatch slotsDone) {
        int[] depth = inlineDepth.get();
        if (depth[0] >= MAX_INLINE_DEPTH) {
            client.getExecutor().execute(() -> issue(slotsDone));
            return;
        }
        depth[0]++;
        try {
            issue(slotsDone);
        } finally {
            depth[0]--;
        }
    }

    private void complete(Result result, long startedNanos, boolean measured) {
        long now = System.nanoTime();
        if (finished) {
            return;
        }
        Tally tally = measured ? measuredTally : warmupTally;
        Recorder recorder = measured ? measuredRecorder : warmupRecorder;
        if (result.isSucceeded()) {
            int status = result.getResponse().getStatus();
            tally.response(status);
            // Only answers that did the work: a 503 from a server shedding load comes back in a fraction of a
            // millisecond, and counted in would make a server look faster the more it refuses.
            if (status >= 200 && status < 300) {
                recorder.recordValue(Math.min(highestNanos, Math.max(0, now - startedNanos)));
            }
        } else {
            Tally.Failure kind = Tally.classify(result.getFailure());
            tally.failure(kind, result.getFailure());
            if (kind == Tally.Failure.TIMEOUT) {
                recorder.recordValue(Math.min(highestNanos, Math.max(0, now - startedNanos)));
            }
        }
        if (measured) {
            lastMeasuredCompletion.accumulateAndGet(now, Math::max);
            measuredInFlight.decrementAndGet();
        }
        completed.increment();
        inFlight.decrementAndGet();
    }

    /** Moves the recorders' latest interval into the totals, writes the interval log and prints progress. */
    private synchronized void tick(boolean last) {
        long now = System.nanoTime();
        warmupTotal.add(warmupRecorder.getIntervalHistogram());
        Histogram interval = measuredRecorder.getIntervalHistogram(intervalRecycle);
        measuredTotal.add(interval);
        if (histogramLog != null && (loggedAny || interval.getTotalCount() > 0)) {
            // The first measured interval may have begun during the warmup; the log starts with the measured part.
            interval.setStartTimeStamp(Math.max(interval.getStartTimeStamp(), histogramLog.getBaseTime()));
            histogramLog.outputIntervalHistogram(interval);
            loggedAny = true;
        }
        intervalRecycle = interval;
        long done = completed.sum();
        double rate = (done - lastTickCompleted) / Math.max(1e-9, (now - lastTickNanos) / 1e9);
        lastTickCompleted = done;
        lastTickNanos = now;
        if (progress == null || last) {
            return;
        }
        boolean warming = now < warmupEndNanos;
        Histogram total = warming ? warmupTotal : measuredTotal;
        Tally tally = warming ? warmupTally : measuredTally;
        String phase = warming ? "warmup " : now < endNanos ? "measure" : "drain  ";
        String p99 = total.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms",
                total.getValueAtPercentile(99) / 1e6);
        OutcomeCounts counts = tally.snapshot();
        progress.printf(Locale.ROOT, "%6.1fs %s  requests %d  rate %.1f/s  p99 %s  errors %d  in flight %d%n",
                (now - startNanos) / 1e9, phase, counts.requests(), rate, p99, counts.errors(), inFlight.get());
        progress.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            client.stop();
        } catch (Exception e) {
            // Stopping aborts what is still outstanding after the deadline; nothing is left to report.
        }
    }
}
