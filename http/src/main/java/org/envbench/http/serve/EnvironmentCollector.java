package org.envbench.http.serve;

import java.time.Duration;
import java.util.List;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;

/** {@code envbench_environment_info{kind,virtualization,runtime,cpu_model} 1}, from the fingerprint. */
final class EnvironmentCollector extends Collector {

    /** Below Prometheus's shortest usual scrape timeout; until detection ends the metric is simply absent. */
    private static final Duration WAIT = Duration.ofMillis(300);

    private final FingerprintProbe fingerprint;

    EnvironmentCollector(FingerprintProbe fingerprint) {
        this.fingerprint = fingerprint;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        FingerprintProbe.Outcome outcome = fingerprint.await(WAIT);
        if (outcome.pending()) {
            return List.of();
        }
        GaugeMetricFamily info = new GaugeMetricFamily("envbench_environment_info",
                "Where this server runs, as the fingerprint detected it; always 1.",
                List.of("kind", "virtualization", "runtime", "cpu_model"));
        info.addMetric(List.of(outcome.kind(), outcome.virtualization(), outcome.runtime(), outcome.cpuModel()), 1);
        return List.of(info);
    }
}
