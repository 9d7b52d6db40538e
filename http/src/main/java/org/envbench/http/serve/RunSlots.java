package org.envbench.http.serve;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded pool kernel runs execute on, apart from Jetty's request threads so that /health and /metrics stay
 * quick while every slot is busy. A run either gets a slot at once or is refused: nothing queues. Each run also
 * reserves the heap its size needs, so that concurrent runs cannot together exhaust the heap.
 */
final class RunSlots implements AutoCloseable {

    /** Heap kept free for the server itself and for garbage that a collection has not reclaimed yet. */
    static final long MIN_MARGIN_BYTES = 16L << 20;

    private final int capacity;
    private final Semaphore slots;
    private final ExecutorService executor;
    private final AtomicLong reservedBytes = new AtomicLong();
    private final AtomicLong lastCollectionNanos = new AtomicLong(System.nanoTime() - 2_000_000_000L);

    RunSlots(int capacity) {
        this.capacity = capacity;
        this.slots = new Semaphore(capacity);
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(capacity, task -> {
            Thread thread = new Thread(task, "envbench-run-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    int capacity() {
        return capacity;
    }

    int inFlight() {
        return capacity - slots.availablePermits();
    }

    /**
     * Heap a new run may use now: the maximum heap minus the heap in use, minus what runs in flight reserved, minus a
     * margin.
     */
    long headroomBytes() {
        long max = Runtime.getRuntime().maxMemory();
        long margin = Math.max(MIN_MARGIN_BYTES, max / 10);
        return max - usedHeapBytes() - reservedBytes.get() - margin;
    }

    /**
     * Submits {@code run} if a slot is free and {@code heapBytes} fit; the slot and the reservation are released when
     * the run ends, not when the caller stops waiting.
     *
     * @return the pending run, or null when every slot is busy
     * @throws HeapExhaustedException when the heap cannot hold {@code heapBytes} more
     */
    <T> Future<T> trySubmit(long heapBytes, Callable<T> run) {
        if (!slots.tryAcquire()) {
            return null;
        }
        long headroom = headroomBytes();
        if (heapBytes > headroom) {
            headroom = collectIfWorthIt(headroom);
        }
        if (heapBytes > headroom) {
            slots.release();
            throw new HeapExhaustedException(heapBytes, Math.max(0, headroom));
        }
        reservedBytes.addAndGet(heapBytes);
        try {
            return executor.submit(() -> {
                try {
                    return run.call();
                } finally {
                    reservedBytes.addAndGet(-heapBytes);
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            reservedBytes.addAndGet(-heapBytes);
            slots.release();
            throw e;
        }
    }

    /** Lets runs in flight finish for up to {@code timeoutMillis}; returns whether they all did. */
    boolean drain(long timeoutMillis) throws InterruptedException {
        executor.shutdown();
        return executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private long usedHeapBytes() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /**
     * Used heap counts garbage too, so a size that seems not to fit gets one collection before it is refused, at most
     * once a second: a run that size would have made the collector run anyway.
     */
    private long collectIfWorthIt(long headroom) {
        long now = System.nanoTime();
        long last = lastCollectionNanos.get();
        if (now - last < 1_000_000_000L || !lastCollectionNanos.compareAndSet(last, now)) {
            return headroom;
        }
        System.gc();
        return headroomBytes();
    }

    /** A run whose size needs more heap than is free. */
    static final class HeapExhaustedException extends RuntimeException {
        final long neededBytes;
        final long headroomBytes;

        HeapExhaustedException(long neededBytes, long headroomBytes) {
            super("needs " + neededBytes + " bytes of heap, " + headroomBytes + " are free for runs");
            this.neededBytes = neededBytes;
            this.headroomBytes = headroomBytes;
        }
    }
}
