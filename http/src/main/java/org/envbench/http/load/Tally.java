package org.envbench.http.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of request outcomes, written by the client's threads and read by the progress line. */
final class Tally {

    /** What a failed exchange (no complete response) is counted as. */
    enum Failure { CONNECT, TIMEOUT, RESET, OTHER }

    private final LongAdder ok = new LongAdder();
    private final Map<Integer, LongAdder> statusCodes = new ConcurrentHashMap<>();
    private final LongAdder connectErrors = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder unsent = new LongAdder();
    private final LongAdder other = new LongAdder();
    private final AtomicReference<String> otherExample = new AtomicReference<>("");

    void response(int status) {
        if (status >= 200 && status < 300) {
            ok.increment();
        } else {
            statusCodes.computeIfAbsent(status, code -> new LongAdder()).increment();
        }
    }

    void failure(Failure kind, Throwable cause) {
        switch (kind) {
            case CONNECT -> connectErrors.increment();
            case TIMEOUT -> timeouts.increment();
            case RESET -> resets.increment();
            default -> {
                other.increment();
                otherExample.compareAndSet("", cause.getClass().getName() + ": " + cause.getMessage());
            }
        }
    }

    /** Open loop: requests that were due but never sent because the client fell behind and the run was over. */
    void unsent(long count) {
        unsent.add(count);
    }

    long errors() {
        long sum = connectErrors.sum() + timeouts.sum() + resets.sum() + unsent.sum() + other.sum();
        for (LongAdder count : statusCodes.values()) {
            sum += count.sum();
        }
        return sum;
    }

    OutcomeCounts snapshot() {
        TreeMap<Integer, Long> codes = new TreeMap<>();
        statusCodes.forEach((code, count) -> codes.put(code, count.sum()));
        return new OutcomeCounts(ok.sum(), codes, connectErrors.sum(), timeouts.sum(), resets.sum(), unsent.sum(),
                other.sum(), otherExample.get());
    }

    /**
     * Sorts a client failure into a kind by the exceptions in its cause chain. Jetty reports a refused connection
     * as {@link ConnectException}, a total timeout as {@link TimeoutException}, and a connection the server closed
     * mid-exchange as an {@link EOFException} or {@link ClosedChannelException}.
     */
    static Failure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect")) {
                return Failure.CONNECT;
            }
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return Failure.TIMEOUT;
            }
            if (t instanceof EOFException || t instanceof ClosedChannelException) {
                return Failure.RESET;
            }
            // Jetty's client may fail a read on a connection the server is closing with this instead of an EOF
            // (jetty/jetty.project#13400, open for 12.0 and 12.1): a buffer released under a pending fill. It is
            // the same event, a connection dropped mid-exchange.
            if (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).startsWith("newPosition > limit")) {
                return Failure.RESET;
            }
            if (t instanceof IOException && t.getMessage() != null
                    && (t.getMessage().contains("reset") || t.getMessage().contains("Broken pipe")
                    || t.getMessage().contains("closed"))) {
                return Failure.RESET;
            }
        }
        return Failure.OTHER;
    }
}
