package org.envbench.core.cpu;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * {@code Arrays.sort} of pseudo-random longs: elements per second. Each run sorts a fresh copy of the same
 * unsorted input (the copy is part of the timed run; it costs a small fraction of the sort). Verification
 * checks that the output is sorted and holds the same multiset of values as the input.
 */
public final class LongSort extends AbstractKernel {

    private static final KernelSpec SPEC = KernelSpec.of("sort", Resource.CPU, ScoreUnit.ELEMENTS_PER_SECOND,
                    "number of longs sorted")
            .sizes(1L, 500_000L, 100_000_000L)
            .memoryBytes(size -> 2 * size * Long.BYTES + 1024);

    public LongSort() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        return new Sorting(new SplittableRandom(SEED).longs(size).toArray());
    }

    /** Order-dependent hash of the sorted output: the checksum a run returns. */
    static long checksumOf(long[] values) {
        long h = 0x3C6EF372FE94F82BL;
        for (long v : values) {
            h = (h ^ v) * 0x9E3779B97F4A7C15L;
        }
        return h ^ (h >>> 31);
    }

    /**
     * A fingerprint of the multiset of values that does not depend on their order: the sum and the xor of
     * each value passed through the SplitMix64 finalizer, plus the count.
     */
    static long[] multisetChecksum(long[] values) {
        long sum = 0;
        long xor = 0;
        for (long v : values) {
            long mixed = mix(v);
            sum += mixed;
            xor ^= Long.rotateLeft(mixed, 17) * 0xBF58476D1CE4E5B9L;
        }
        return new long[] {values.length, sum, xor};
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static final class Sorting implements Workload {
        private final long[] input;
        private final long[] inputMultiset;
        private final long[] output;
        private boolean ran;

        Sorting(long[] input) {
            this.input = input;
            this.inputMultiset = multisetChecksum(input);
            this.output = new long[input.length];
        }

        @Override
        public long run() {
            System.arraycopy(input, 0, output, 0, input.length);
            Arrays.sort(output);
            ran = true;
            return checksumOf(output);
        }

        @Override
        public void verify(long checksum) {
            if (!ran) {
                throw new VerificationException("sort: verify was called before any run");
            }
            long actual = checksumOf(output);
            if (checksum != actual) {
                throw new VerificationException("sort of " + input.length + " longs: the run returned checksum "
                        + Long.toHexString(checksum) + " but its output hashes to " + Long.toHexString(actual));
            }
            for (int i = 1; i < output.length; i++) {
                if (output[i - 1] > output[i]) {
                    throw new VerificationException("sort of " + input.length + " longs: output is not sorted at index "
                            + i + " (" + output[i - 1] + " > " + output[i] + ")");
                }
            }
            if (!Arrays.equals(multisetChecksum(output), inputMultiset)) {
                throw new VerificationException("sort of " + input.length + " longs: the output is sorted but"
                        + " does not hold the same values as the input (multiset checksums differ)");
            }
        }

        @Override
        public double workPerRun() {
            return input.length;
        }

        long[] output() {
            return output;
        }
    }
}
