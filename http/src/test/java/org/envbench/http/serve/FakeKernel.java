package org.envbench.http.serve;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import org.envbench.core.Kernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * Kernels for server tests, independent of the real catalog: a quick sum with a closed-form check, one that sleeps,
 * one that sleeps as long as the test says, one that waits for a latch, one that needs more heap than any JVM has,
 * and one whose result is always wrong.
 */
public final class FakeKernel implements Kernel {

    /** Default size of every fake kernel; sizes run from 1 to {@link #MAX_SIZE}. */
    public static final long DEFAULT_SIZE = 1000;
    public static final long MAX_SIZE = 1_000_000;

    private final KernelSpec spec;
    private final AtomicLong millisPerRun;
    private final Behaviour behaviour;
    private final CountDownLatch release;

    private enum Behaviour { SUM, SLEEP_MILLIS, WAIT_FOR_RELEASE, WRONG, SLEEP_AS_TOLD }

    private FakeKernel(String name, LongUnaryOperator memoryBytes, Behaviour behaviour, CountDownLatch release) {
        this(name, memoryBytes, behaviour, release, null);
    }

    private FakeKernel(String name, LongUnaryOperator memoryBytes, Behaviour behaviour, CountDownLatch release,
                       AtomicLong millisPerRun) {
        this.millisPerRun = millisPerRun;
        this.spec = KernelSpec.of(name, Resource.CPU, ScoreUnit.ELEMENTS_PER_SECOND,
                        behaviour == Behaviour.SLEEP_MILLIS ? "milliseconds slept" : "numbers summed")
                .sizes(1, DEFAULT_SIZE, MAX_SIZE)
                .memoryBytes(memoryBytes);
        this.behaviour = behaviour;
        this.release = release;
    }

    /**
     * Named "told": each run sleeps as many milliseconds as {@code millisPerRun} holds when it starts, whatever the
     * size, so that a test can make a kernel slower than this server has learned it to be.
     */
    public static FakeKernel sleepAsTold(AtomicLong millisPerRun) {
        return new FakeKernel("told", size -> 64, Behaviour.SLEEP_AS_TOLD, null, millisPerRun);
    }

    /** Sums 0..size-1; verified against size(size-1)/2. */
    public static FakeKernel sum() {
        return new FakeKernel("sum", size -> 64, Behaviour.SUM, null);
    }

    /** Sleeps {@code size} milliseconds per run: a long run without burning the shared CPUs. */
    public static FakeKernel sleep() {
        return new FakeKernel("sleep", size -> 64, Behaviour.SLEEP_MILLIS, null);
    }

    /** Each run waits until {@code release} is counted down (at most a minute). */
    public static FakeKernel waitFor(CountDownLatch release) {
        return new FakeKernel("wait", size -> 64, Behaviour.WAIT_FOR_RELEASE, release);
    }

    /** Claims to need a pebibyte per unit of size, so no size fits any heap. */
    public static FakeKernel hungry() {
        return new FakeKernel("hungry", size -> size > (Long.MAX_VALUE >> 50) ? Long.MAX_VALUE : size << 50,
                Behaviour.SUM, null);
    }

    /** Its checksum never verifies. */
    public static FakeKernel wrong() {
        return new FakeKernel("wrong", size -> 64, Behaviour.WRONG, null);
    }

    /** A sum kernel with another name, for example one that needs escaping in HTML. */
    public static FakeKernel sumNamed(String name) {
        return new FakeKernel(name, size -> 64, Behaviour.SUM, null);
    }

    @Override
    public KernelSpec spec() {
        return spec;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        return new Workload() {
            @Override
            public long run() {
                switch (behaviour) {
                    case SLEEP_MILLIS -> sleep(size);
                    case SLEEP_AS_TOLD -> sleep(millisPerRun.get());
                    case WAIT_FOR_RELEASE -> await(release);
                    default -> {
                    }
                }
                long sum = 0;
                for (long i = 0; i < size; i++) {
                    sum += i;
                }
                return behaviour == Behaviour.WRONG ? sum + 1 : sum;
            }

            @Override
            public void verify(long checksum) {
                long expected = size * (size - 1) / 2;
                if (checksum != expected) {
                    throw new VerificationException("sum of 0.." + (size - 1) + " is " + expected + ", got " + checksum);
                }
            }

            @Override
            public double workPerRun() {
                return size;
            }
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
