package org.envbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrimeSieveTest {

    @Test
    void lucyHedgehogCountMatchesPublishedPiOfPowersOfTen() {
        long power = 1;
        for (long pi : PrimeSieve.PI_OF_POWERS_OF_TEN) {
            assertEquals(pi, PrimeSieve.countPrimes(power), "pi(" + power + ")");
            power *= 10;
        }
    }

    @Test
    void lucyHedgehogCountMatchesTrialDivisionUpTo3000() {
        long count = 0;
        for (long n = 0; n <= 3000; n++) {
            if (isPrimeByTrialDivision(n)) {
                count++;
            }
            assertEquals(count, PrimeSieve.countPrimes(n), "pi(" + n + ")");
        }
    }

    @Test
    void sieveMatchesPublishedPiOfPowersOfTen() {
        long power = 10;
        for (int k = 1; k <= 7; k++, power *= 10) {
            assertEquals(PrimeSieve.PI_OF_POWERS_OF_TEN[k], runAndVerify(power), "pi(10^" + k + ")");
        }
    }

    /** Limits that are primes, squares of primes, next to them and arbitrary, checked by the independent count. */
    @ParameterizedTest
    @ValueSource(longs = {2, 3, 4, 5, 8, 9, 25, 48, 49, 97, 121, 127, 128, 129, 1_000_003, 1_234_567, 3_999_999})
    void sieveMatchesLucyHedgehogForAnyLimit(long limit) {
        assertEquals(PrimeSieve.countPrimes(limit), runAndVerify(limit));
    }

    @Test
    void expectedPiForLargestLimitComesFromTheIndependentCount() {
        // pi(2 * 10^9), OEIS A006880 companion table (Caldwell, The Prime Pages).
        assertEquals(98_222_287L, PrimeSieve.expectedPi(2_000_000_000L));
    }

    @Test
    void wrongCountIsCaught() {
        PrimeSieve.Sieving workload = (PrimeSieve.Sieving) new PrimeSieve().prepare(100_000);
        long checksum = workload.run();
        assertThrows(VerificationException.class, () -> workload.verify(checksum + 1));
    }

    @Test
    void tamperedSieveIsCaught() {
        PrimeSieve.Sieving workload = (PrimeSieve.Sieving) new PrimeSieve().prepare(100_000);
        long checksum = workload.run();
        workload.verify(checksum);
        workload.composite()[0] |= 1L << 3; // marks 7 (odd index 3) composite
        assertThrows(VerificationException.class, () -> workload.verify(checksum));
        assertThrows(VerificationException.class, () -> workload.verify(checksum - 1));
    }

    private static long runAndVerify(long limit) {
        PrimeSieve.Sieving workload = (PrimeSieve.Sieving) new PrimeSieve().prepare(limit);
        long pi = workload.run();
        workload.verify(pi);
        assertEquals(pi, workload.run(), "a second run on the same workload gives the same count");
        return pi;
    }

    private static boolean isPrimeByTrialDivision(long n) {
        if (n < 2) {
            return false;
        }
        for (long d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
