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
 * Dense n x n double matrix product C = A B: GFLOP/s counting 2 n^3 flops. The loop runs i-k-j, so that the
 * innermost loop walks rows of B and C with unit stride and the JIT can vectorize it. The result is checked
 * with Freivalds' test, A (B x) against C x, and for small n element by element against the textbook
 * i-j-k product.
 */
public final class MatrixMultiply extends AbstractKernel {

    /** Up to this n, verification also compares every element with the naive product (n^3 work, outside the clock). */
    static final int NAIVE_CHECK_MAX_N = 128;

    private static final KernelSpec SPEC = KernelSpec.of("matmul", Resource.CPU, ScoreUnit.GIGAFLOPS_PER_SECOND,
                    "n for an n x n double matrix")
            .sizes(1L, 256L, 4096L)
            // A, B and C, plus the naive product (n <= NAIVE_CHECK_MAX_N) or Freivalds' vectors while verifying.
            .memoryBytes(size -> 4 * size * size * Double.BYTES + 4 * size * Double.BYTES + 1024);

    public MatrixMultiply() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        return new Multiplying((int) size);
    }

    /** Order-dependent hash of every element's bits: the checksum a run returns. */
    static long checksumOf(double[] matrix) {
        long h = 0x6A09E667F3BCC908L;
        for (double v : matrix) {
            h = (h ^ Double.doubleToRawLongBits(v)) * 0x9E3779B97F4A7C15L;
        }
        return h ^ (h >>> 29);
    }

    /** The textbook i-j-k product, one dot product per element: the slow obvious reference. */
    static double[] naiveProduct(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += a[i * n + k] * b[k * n + j];
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    static final class Multiplying implements Workload {
        private static final double EPSILON = Math.ulp(1.0);

        private final int n;
        private final double[] a;
        private final double[] b;
        private final double[] c;

        Multiplying(int n) {
            this.n = n;
            SplittableRandom random = new SplittableRandom(SEED);
            this.a = random.doubles((long) n * n, -1.0, 1.0).toArray();
            this.b = random.doubles((long) n * n, -1.0, 1.0).toArray();
            this.c = new double[n * n];
        }

        @Override
        public long run() {
            int size = n;
            double[] left = a;
            double[] right = b;
            double[] product = c;
            for (int i = 0; i < size; i++) {
                int rowI = i * size;
                Arrays.fill(product, rowI, rowI + size, 0.0);
                for (int k = 0; k < size; k++) {
                    double aik = left[rowI + k];
                    int rowK = k * size;
                    for (int j = 0; j < size; j++) {
                        product[rowI + j] += aik * right[rowK + j];
                    }
                }
            }
            return checksumOf(product);
        }

        @Override
        public void verify(long checksum) {
            long actual = checksumOf(c);
            if (checksum != actual) {
                throw new VerificationException("matmul n=" + n + ": the run returned checksum "
                        + Long.toHexString(checksum) + " but its product hashes to " + Long.toHexString(actual));
            }
            SplittableRandom random = new SplittableRandom(SEED ^ n);
            for (int round = 0; round < 2; round++) {
                freivalds(randomSignedVector(random));
            }
            if (n <= NAIVE_CHECK_MAX_N) {
                compareWithNaive();
            }
        }

        /** |x_j| >= 1, so that a wrong element of C moves C x by at least its own error. */
        private double[] randomSignedVector(SplittableRandom random) {
            double[] x = new double[n];
            for (int j = 0; j < n; j++) {
                double magnitude = 1.0 + random.nextDouble();
                x[j] = random.nextBoolean() ? magnitude : -magnitude;
            }
            return x;
        }

        /**
         * Freivalds: A (B x) must equal C x up to rounding. The allowed difference per row is a multiple of the
         * rounding bound n eps (|A| (|B| |x|))_i, far below what one wrong element produces.
         */
        private void freivalds(double[] x) {
            double[] bx = new double[n];
            double[] bxBound = new double[n];
            for (int k = 0; k < n; k++) {
                double sum = 0;
                double bound = 0;
                for (int j = 0; j < n; j++) {
                    sum += b[k * n + j] * x[j];
                    bound += Math.abs(b[k * n + j] * x[j]);
                }
                bx[k] = sum;
                bxBound[k] = bound;
            }
            for (int i = 0; i < n; i++) {
                double abx = 0;
                double bound = 0;
                double cx = 0;
                for (int k = 0; k < n; k++) {
                    abx += a[i * n + k] * bx[k];
                    bound += Math.abs(a[i * n + k]) * bxBound[k];
                    cx += c[i * n + k] * x[k];
                }
                double tolerance = 8.0 * n * EPSILON * bound + Double.MIN_NORMAL;
                if (!(Math.abs(abx - cx) <= tolerance)) {
                    throw new VerificationException("matmul n=" + n + ": Freivalds' check failed in row " + i
                            + ": (C x)_i = " + cx + " but (A (B x))_i = " + abx + ", allowed difference "
                            + tolerance);
                }
            }
        }

        private void compareWithNaive() {
            double[] expected = naiveProduct(a, b, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double bound = 0;
                    for (int k = 0; k < n; k++) {
                        bound += Math.abs(a[i * n + k] * b[k * n + j]);
                    }
                    double tolerance = 4.0 * n * EPSILON * bound + Double.MIN_NORMAL;
                    double actual = c[i * n + j];
                    if (!(Math.abs(actual - expected[i * n + j]) <= tolerance)) {
                        throw new VerificationException("matmul n=" + n + ": C[" + i + "][" + j + "] = " + actual
                                + " but the naive product gives " + expected[i * n + j]);
                    }
                }
            }
        }

        @Override
        public double workPerRun() {
            return 2.0 * n * n * n;
        }

        double[] a() {
            return a;
        }

        double[] b() {
            return b;
        }

        double[] product() {
            return c;
        }
    }
}
