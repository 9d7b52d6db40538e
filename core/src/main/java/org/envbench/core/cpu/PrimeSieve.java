package org.envbench.core.cpu;

import java.util.Arrays;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * Sieve of Eratosthenes up to a limit over odd numbers only, one bit per odd number: numbers sieved per
 * second. The whole bit array is sieved at once (not in segments), so the limit decides whether it lives
 * in L1, L2, the last-level cache or DRAM. A run returns pi(limit), the number of primes up to the limit.
 */
public final class PrimeSieve extends AbstractKernel {

    /** pi(10^k) for k = 0..9, the published prime-counting values (OEIS A006880). */
    static final long[] PI_OF_POWERS_OF_TEN = {
        0L, 4L, 25L, 168L, 1_229L, 9_592L, 78_498L, 664_579L, 5_761_455L, 50_847_534L};

    private static final KernelSpec SPEC = KernelSpec.of("primes", Resource.CPU, ScoreUnit.NUMBERS_PER_SECOND,
                    "sieve limit")
            .sizes(2L, 10_000_000L, 2_000_000_000L)
            // The odd-only bit array, plus the two sqrt(size) tables of the reference count built in prepare().
            .memoryBytes(size -> size / 16 + 2 * ((long) Math.sqrt((double) size) + 2) * Long.BYTES + 64);

    public PrimeSieve() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        return new Sieving((int) size, expectedPi(size));
    }

    /**
     * pi(limit) from an algorithm that shares nothing with the sieve: the published table where the limit is
     * a power of ten, else the Lucy_Hedgehog prime-counting method.
     */
    static long expectedPi(long limit) {
        long power = 1;
        for (long pi : PI_OF_POWERS_OF_TEN) {
            if (power == limit) {
                return pi;
            }
            power *= 10;
        }
        return countPrimes(limit);
    }

    /**
     * Lucy_Hedgehog's O(n^(3/4)) prime count: S(v) starts as the count of 2..v and, for each prime p up to
     * sqrt(n), loses the numbers whose least prime factor is p. Only the values v = n / k are kept.
     */
    static long countPrimes(long n) {
        if (n < 2) {
            return 0;
        }
        int root = (int) Math.sqrt((double) n);
        while ((long) root * root > n) {
            root--;
        }
        while ((long) (root + 1) * (root + 1) <= n) {
            root++;
        }
        // small[v] = S(v) for v <= root; large[k] = S(n / k) for k <= root.
        long[] small = new long[root + 1];
        long[] large = new long[root + 1];
        for (int v = 1; v <= root; v++) {
            small[v] = v - 1;
            large[v] = n / v - 1;
        }
        for (int p = 2; p <= root; p++) {
            if (small[p] == small[p - 1]) {
                continue;
            }
            long primesBelowP = small[p - 1];
            long pSquared = (long) p * p;
            int kMax = (int) Math.min(root, n / pSquared);
            for (int k = 1; k <= kMax; k++) {
                long kp = (long) k * p;
                long sOfNOverKp = kp <= root ? large[(int) kp] : small[(int) (n / kp)];
                large[k] -= sOfNOverKp - primesBelowP;
            }
            for (int v = root; v >= pSquared; v--) {
                small[v] -= small[v / p] - primesBelowP;
            }
        }
        return large[1];
    }

    static final class Sieving implements Workload {
        private final int limit;
        private final long expectedPi;
        /** Bit i set: the odd number 2i + 1 is composite (or 1). */
        private final long[] composite;
        private final int oddCount;

        Sieving(int limit, long expectedPi) {
            this.limit = limit;
            this.expectedPi = expectedPi;
            this.oddCount = (limit - 1) / 2 + 1;
            this.composite = new long[(oddCount + 63) >>> 6];
        }

        @Override
        public long run() {
            long[] bits = composite;
            Arrays.fill(bits, 0L);
            bits[0] = 1L;
            for (int i = 1; ; i++) {
                long p = 2L * i + 1;
                if (p * p > limit) {
                    break;
                }
                if ((bits[i >>> 6] & (1L << i)) != 0) {
                    continue;
                }
                int step = (int) p;
                for (int j = (int) ((p * p) >>> 1); j < oddCount; j += step) {
                    bits[j >>> 6] |= 1L << j;
                }
            }
            return 1 + countClear(bits, oddCount);
        }

        private static long countClear(long[] bits, int usedBits) {
            int fullWords = usedBits >>> 6;
            long set = 0;
            for (int w = 0; w < fullWords; w++) {
                set += Long.bitCount(bits[w]);
            }
            int tail = usedBits & 63;
            if (tail != 0) {
                set += Long.bitCount(bits[fullWords] & ((1L << tail) - 1));
            }
            return usedBits - set;
        }

        @Override
        public void verify(long checksum) {
            long counted = 1 + countClear(composite, oddCount);
            if (counted != checksum) {
                throw new VerificationException("primes up to " + limit + ": the run returned " + checksum
                        + " but its sieve holds " + counted + " primes");
            }
            if (checksum != expectedPi) {
                throw new VerificationException("primes up to " + limit + ": the sieve counted " + checksum
                        + ", expected pi(" + limit + ") = " + expectedPi);
            }
        }

        @Override
        public double workPerRun() {
            return limit;
        }

        long[] composite() {
            return composite;
        }
    }
}
