package org.envbench.http.serve;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.envbench.core.Kernel;
import org.envbench.core.Workload;

/**
 * What an iteration costs on this server, learned from its own runs: wall nanoseconds per unit of
 * {@link Workload#workPerRun()}, per kernel and size. A kernel never seen is first timed at a small size (its default,
 * or the size asked for if smaller), so that a request for hours of work is refused before it runs.
 *
 * <p>Each size keeps the fastest cost measured at it, and an estimate for a size uses the largest size measured at or
 * below it: a request is refused only when even the best this server has done does not fit. Keeping the latest instead
 * would make a refusal stick: a size measured once while the machine was busy would be refused ever after, and a
 * refused request never runs to correct it. So the estimate is a lower bound (rates also fall as a working set outgrows
 * the caches), and a request it lets through is still stopped between iterations once its own iterations say it
 * cannot end in time.
 */
final class CostModel {

    /** Sizes remembered per kernel; sizes are whatever clients ask for, so the memory stays bounded. */
    static final int MAX_SIZES_PER_KERNEL = 32;
    /** Calibration: at most this many iterations, and no more once they took this long together. */
    static final int CALIBRATION_ITERATIONS = 3;
    static final long CALIBRATION_NANOS = 200_000_000L;

    private final Map<String, NavigableMap<Long, Double>> nanosPerWork = new ConcurrentHashMap<>();
    /** Kernels with a cost recorded by a run, not only by {@link #calibrate}. */
    private final Set<String> measuredInRuns = ConcurrentHashMap.newKeySet();

    /** Nanoseconds per unit of work for {@code kernel} at {@code size}, if this server has measured it anywhere. */
    OptionalDouble nanosPerWork(Kernel kernel, long size) {
        NavigableMap<Long, Double> bySize = nanosPerWork.get(kernel.name());
        if (bySize == null) {
            return OptionalDouble.empty();
        }
        synchronized (bySize) {
            Map.Entry<Long, Double> entry = bySize.floorEntry(size);
            if (entry == null) {
                entry = bySize.ceilingEntry(size);
            }
            return entry == null ? OptionalDouble.empty() : OptionalDouble.of(entry.getValue());
        }
    }

    /**
     * Whether a run's own iterations have recorded a cost for {@code kernel}. Where only {@link #calibrate} has, the
     * estimate comes from the first iterations of a fresh JVM, which run interpreted: far too long.
     */
    boolean measuredInRuns(Kernel kernel) {
        return measuredInRuns.contains(kernel.name());
    }

    /** A cost from a run's iterations: nanoseconds per unit of work of {@code kernel} at {@code size}. */
    void record(Kernel kernel, long size, double nanos) {
        if (store(kernel, size, nanos)) {
            measuredInRuns.add(kernel.name());
        }
    }

    private boolean store(Kernel kernel, long size, double nanos) {
        if (!(nanos > 0) || Double.isInfinite(nanos)) {
            return false;
        }
        NavigableMap<Long, Double> bySize = nanosPerWork.computeIfAbsent(kernel.name(), name -> new TreeMap<>());
        synchronized (bySize) {
            if (bySize.size() >= MAX_SIZES_PER_KERNEL && !bySize.containsKey(size)) {
                // The nearest size stands in for the new one best.
                Long below = bySize.floorKey(size);
                Long above = bySize.ceilingKey(size);
                long nearest = below == null ? above
                        : above == null || size - below <= above - size ? below : above;
                bySize.remove(nearest);
            }
            bySize.merge(size, nanos, Math::min);
        }
        return true;
    }

    /**
     * Times {@code kernel} once, at its default size or {@code size} if smaller, unless this server has measured it
     * before. Outside any timed part of a run; the fastest of a few iterations, so that a cold JIT does not make every
     * estimate pessimistic.
     */
    void calibrate(Kernel kernel, long size) {
        if (nanosPerWork.containsKey(kernel.name())) {
            return;
        }
        long calibrationSize = Math.min(size, kernel.defaultSize());
        Workload workload = kernel.prepare(calibrationSize);
        long fastest = Long.MAX_VALUE;
        long spent = 0;
        for (int i = 0; i < CALIBRATION_ITERATIONS && spent < CALIBRATION_NANOS; i++) {
            long start = System.nanoTime();
            workload.verify(workload.run());
            long nanos = System.nanoTime() - start;
            fastest = Math.min(fastest, nanos);
            spent += nanos;
        }
        store(kernel, calibrationSize, fastest / Math.max(1e-9, workload.workPerRun()));
    }
}
