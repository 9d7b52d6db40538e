package org.envbench.core.memory;

import java.util.function.IntToDoubleFunction;

import org.envbench.core.VerificationException;

/**
 * The values the STREAM kernels start from and must end with. STREAM starts from a = 1, b = 2, c = 0
 * with the scalar 3; here each element also carries a small integer offset {@code k = i & 1023}, so that a
 * loop that reads or writes the wrong index is caught, while every value stays an exact small integer in a
 * double and the expected result is analytic.
 */
final class StreamValues {

    /** STREAM's scalar. */
    static final double SCALAR = 3.0;

    private StreamValues() {
    }

    static double offset(int i) {
        return i & 1023;
    }

    static double[] filled(int n, IntToDoubleFunction value) {
        double[] array = new double[n];
        for (int i = 0; i < n; i++) {
            array[i] = value.applyAsDouble(i);
        }
        return array;
    }

    /**
     * The cheap checksum a run returns: the bits of the first, a middle and the last element, so the timed
     * part stays one pass over the arrays.
     */
    static long sample(double[] result) {
        int n = result.length;
        return Double.doubleToRawLongBits(result[0])
                ^ Long.rotateLeft(Double.doubleToRawLongBits(result[n / 2]), 21)
                ^ Long.rotateLeft(Double.doubleToRawLongBits(result[n - 1]), 42);
    }

    /** The checksum {@link #sample} must give for a result whose element i is {@code expected(i)}. */
    static long expectedSample(int n, IntToDoubleFunction expected) {
        return Double.doubleToRawLongBits(expected.applyAsDouble(0))
                ^ Long.rotateLeft(Double.doubleToRawLongBits(expected.applyAsDouble(n / 2)), 21)
                ^ Long.rotateLeft(Double.doubleToRawLongBits(expected.applyAsDouble(n - 1)), 42);
    }

    /** Checks the checksum, then every element of {@code result}, against the analytic values. */
    static void verify(String kernel, String arrayName, double[] result, long checksum,
                       IntToDoubleFunction expected) {
        long expectedChecksum = expectedSample(result.length, expected);
        if (checksum != expectedChecksum) {
            throw new VerificationException(kernel + ": checksum " + Long.toHexString(checksum)
                    + " but the analytic result gives " + Long.toHexString(expectedChecksum));
        }
        for (int i = 0; i < result.length; i++) {
            double want = expected.applyAsDouble(i);
            if (Double.doubleToRawLongBits(result[i]) != Double.doubleToRawLongBits(want)) {
                throw new VerificationException(kernel + ": " + arrayName + "[" + i + "] is " + result[i]
                        + " but must be " + want + " (of " + result.length + " elements)");
            }
        }
    }
}
