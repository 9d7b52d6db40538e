package org.envbench.http.serve;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.envbench.core.env.Fingerprint;

/**
 * Detects the fingerprint once, in the background after the server is ready, so that detection (OSHI, /proc, /sys)
 * stays off the start-up path. Readers that need it wait; a failed detection is reported as unknown, never fatal.
 */
final class FingerprintProbe {

    static final String UNKNOWN = "unknown";

    private final Supplier<Fingerprint> detector;
    private final CompletableFuture<Fingerprint> result = new CompletableFuture<>();
    private boolean started;

    FingerprintProbe(Supplier<Fingerprint> detector) {
        this.detector = detector;
    }

    /** Starts detection on a daemon thread; later calls do nothing. */
    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread thread = new Thread(() -> {
            try {
                result.complete(detector.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "envbench-fingerprint");
        thread.setDaemon(true);
        thread.start();
    }

    /** The outcome, waiting at most {@code timeout}; starts detection if nobody did. */
    Outcome await(Duration timeout) {
        start();
        try {
            return new Outcome(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null, false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Outcome(null, "fingerprint detection failed: " + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage(), false);
        } catch (TimeoutException e) {
            return new Outcome(null, "fingerprint detection has not finished after " + timeout.toMillis() + " ms", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted while waiting for the fingerprint", true);
        }
    }

    /**
     * The fingerprint, or why there is none.
     *
     * @param fingerprint null when detection failed or has not finished
     * @param problem     null when there is a fingerprint
     * @param pending     true when detection has not finished yet
     */
    record Outcome(Fingerprint fingerprint, String problem, boolean pending) {

        String kind() {
            return fingerprint == null || fingerprint.kind() == null ? UNKNOWN : fingerprint.kind();
        }

        String virtualization() {
            return fingerprint == null || fingerprint.virtualization() == null ? UNKNOWN : fingerprint.virtualization();
        }

        String runtime() {
            return fingerprint == null || fingerprint.runtime() == null ? UNKNOWN : fingerprint.runtime();
        }

        String cpuModel() {
            return fingerprint == null || fingerprint.cpuModel() == null ? UNKNOWN : fingerprint.cpuModel();
        }
    }
}
