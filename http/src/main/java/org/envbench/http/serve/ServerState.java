package org.envbench.http.serve;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.envbench.core.Kernel;

/**
 * What the routes of one server share: its configuration, kernels, run slots, what runs cost, metrics and fingerprint.
 */
final class ServerState {

    final ServeConfig config;
    final Map<String, Kernel> kernels;
    final RunSlots slots;
    final ServerMetrics metrics;
    final FingerprintProbe fingerprint;
    final CostModel costs = new CostModel();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile double startupSeconds = Double.NaN;

    ServerState(ServeConfig config, RunSlots slots, ServerMetrics metrics, FingerprintProbe fingerprint) {
        this.config = config;
        Map<String, Kernel> byName = new LinkedHashMap<>();
        for (Kernel kernel : config.kernels()) {
            byName.put(kernel.name(), kernel);
        }
        this.kernels = byName;
        this.slots = slots;
        this.metrics = metrics;
        this.fingerprint = fingerprint;
    }

    List<String> kernelNames() {
        return List.copyOf(kernels.keySet());
    }

    /** Records the start-up time, from JVM start to now; called once the connector accepts. */
    void recordStartup() {
        startupSeconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        metrics.startup.set(startupSeconds);
    }

    /** After the ready line is out: from now on access log lines may follow it. */
    void markAnnounced() {
        ready.countDown();
    }

    /** Seconds from JVM start to ready, NaN before. */
    double startupSeconds() {
        return startupSeconds;
    }

    CountDownLatch readyLatch() {
        return ready;
    }
}
