package org.envbench.http.serve;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.hotspot.DefaultExports;

/** The {@code envbench_*} metrics of one server, registered into that server's own registry. */
final class ServerMetrics {

    final CollectorRegistry registry;
    final Counter kernelRuns;
    final Histogram kernelDuration;
    final Counter httpRequests;
    final Counter rejected;
    final Gauge startup;
    /** The one series the core /health handler counts into, looked up once. */
    final Counter.Child healthRequests;

    ServerMetrics(CollectorRegistry registry, FingerprintProbe fingerprint) {
        this.registry = registry;
        kernelRuns = Counter.build("envbench_kernel_runs_total",
                        "Kernel runs by outcome: ok, wrong (verification failed), error, deadline (stopped between "
                                + "iterations: it could not end within --max-run-time), client_gone (stopped: the client "
                                + "closed its connection).")
                .labelNames("kernel", "outcome").register(registry);
        kernelDuration = Histogram.build("envbench_kernel_duration_seconds",
                        "Time inside the kernel alone, summed over the iterations of one run.")
                .labelNames("kernel")
                .exponentialBuckets(0.0005, 4, 10)
                .register(registry);
        httpRequests = Counter.build("envbench_http_requests_total", "HTTP requests by route template and status code.")
                .labelNames("route", "code").register(registry);
        rejected = Counter.build("envbench_rejected_total",
                        "Run requests refused before running: busy, memory, too_long (estimated past --max-run-time), "
                                + "bad_request, unknown_kernel, method, unauthorized.")
                .labelNames("reason").register(registry);
        healthRequests = httpRequests.labels("/health", "200");
        startup = Gauge.build("envbench_startup_seconds", "Time from JVM start to the server answering.")
                .register(registry);
        new EnvironmentCollector(fingerprint).register(registry);
        new SystemCollector().register(registry);
    }

    /**
     * Adds the JVM metrics of simpleclient_hotspot. Their collectors look up the platform MXBeans when they are made,
     * which loads JMX; the server calls this after it is ready, to keep that off the start-up path.
     */
    void registerJvmMetrics() {
        DefaultExports.register(registry);
    }

    void reject(String reason) {
        rejected.labels(reason).inc();
    }
}
