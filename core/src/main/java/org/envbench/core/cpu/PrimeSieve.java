package org.envbench.core.cpu;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** Sieve of Eratosthenes up to a limit: numbers sieved per second. */
public final class PrimeSieve implements Kernel {

    @Override
    public String name() {
        return "primes";
    }

    @Override
    public Resource resource() {
        return Resource.CPU;
    }

    @Override
    public ScoreUnit unit() {
        return ScoreUnit.NUMBERS_PER_SECOND;
    }

    @Override
    public String sizeMeaning() {
        return "sieve limit";
    }

    @Override
    public long defaultSize() {
        return 10_000_000L;
    }

    @Override
    public long minSize() {
        return 2L;
    }

    @Override
    public long maxSize() {
        return 2_000_000_000L;
    }

    @Override
    public long memoryBytes(long size) {
        return size / 16 + 64;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        throw new UnsupportedOperationException("TODO: primes is not implemented yet");
    }
}
