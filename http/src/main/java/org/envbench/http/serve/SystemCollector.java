package org.envbench.http.serve;

import java.util.ArrayList;
import java.util.List;

import org.envbench.core.env.CgroupLimits;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;

/**
 * System gauges read at scrape time: CPU load and steal (OSHI ticks), memory total and available (OSHI), and the
 * cgroup's CPU quota, memory limit and CFS throttling ({@link CgroupLimits}). OSHI is set up at the first scrape, not
 * at start-up, and answers are cached for a second so that a burst of scrapes reads the system once. A source that
 * fails leaves its metrics out rather than failing the scrape.
 */
final class SystemCollector extends Collector {

    private static final long CACHE_NANOS = 1_000_000_000L;

    private CentralProcessor processor;
    private GlobalMemory memory;
    private boolean oshiFailed;
    private long[] previousTicks;
    private long cachedAtNanos;
    private List<MetricFamilySamples> cached;

    @Override
    public synchronized List<MetricFamilySamples> collect() {
        long now = System.nanoTime();
        if (cached == null || now - cachedAtNanos > CACHE_NANOS) {
            cached = read();
            cachedAtNanos = now;
        }
        return cached;
    }

    private List<MetricFamilySamples> read() {
        List<MetricFamilySamples> samples = new ArrayList<>();
        readOshi(samples);
        readCgroup(samples);
        return samples;
    }

    private void readOshi(List<MetricFamilySamples> samples) {
        if (oshiFailed) {
            return;
        }
        try {
            if (processor == null) {
                SystemInfo system = new SystemInfo();
                processor = system.getHardware().getProcessor();
                memory = system.getHardware().getMemory();
            }
            long[] ticks = processor.getSystemCpuLoadTicks();
            // The first scrape compares with zero: the ratios since boot. Later ones cover the last interval.
            long[] before = previousTicks == null ? new long[ticks.length] : previousTicks;
            previousTicks = ticks;
            long total = 0;
            for (int i = 0; i < ticks.length; i++) {
                total += ticks[i] - before[i];
            }
            if (total > 0) {
                long idle = delta(ticks, before, TickType.IDLE) + delta(ticks, before, TickType.IOWAIT);
                long steal = delta(ticks, before, TickType.STEAL);
                samples.add(new GaugeMetricFamily("envbench_system_cpu_load_ratio",
                        "Share of CPU time the whole system spent busy (not idle or waiting for I/O) since the "
                                + "previous scrape.", (double) (total - idle) / total));
                samples.add(new GaugeMetricFamily("envbench_system_cpu_steal_ratio",
                        "Share of CPU time the hypervisor gave to others (steal) since the previous scrape.",
                        (double) steal / total));
            }
            samples.add(new GaugeMetricFamily("envbench_system_memory_total_bytes",
                    "Physical memory of the machine as the OS reports it.", memory.getTotal()));
            samples.add(new GaugeMetricFamily("envbench_system_memory_available_bytes",
                    "Memory available to new processes without swapping.", memory.getAvailable()));
        } catch (RuntimeException | LinkageError e) {
            oshiFailed = true;
            System.err.println("envbench: system metrics from OSHI are off: " + e);
        }
    }

    private static long delta(long[] ticks, long[] before, TickType type) {
        return ticks[type.getIndex()] - before[type.getIndex()];
    }

    private static void readCgroup(List<MetricFamilySamples> samples) {
        CgroupLimits limits;
        try {
            limits = CgroupLimits.read();
        } catch (RuntimeException e) {
            return;
        }
        if (limits.cpuQuotaCpus() > 0) {
            samples.add(new GaugeMetricFamily("envbench_cgroup_cpu_quota_cpus",
                    "CPU quota of this process's cgroup as a number of CPUs; absent when there is none.",
                    limits.cpuQuotaCpus()));
        }
        if (limits.memoryLimitBytes() > 0) {
            samples.add(new GaugeMetricFamily("envbench_cgroup_memory_limit_bytes",
                    "Memory limit of this process's cgroup; absent when there is none.", limits.memoryLimitBytes()));
        }
        if (limits.throttledNanos() >= 0) {
            samples.add(new CounterMetricFamily("envbench_cgroup_cpu_throttled_seconds",
                    "Time the cgroup was throttled by its CFS quota.", limits.throttledNanos() / 1e9));
        }
        if (limits.throttledPeriods() >= 0) {
            samples.add(new CounterMetricFamily("envbench_cgroup_cpu_throttled_periods",
                    "CFS periods in which the cgroup was throttled.", limits.throttledPeriods()));
        }
    }
}
