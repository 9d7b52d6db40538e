package org.envbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatrixMultiplyTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 17, 64, 128})
    void productMatchesNaiveProduct(int n) {
        MatrixMultiply.Multiplying workload = (MatrixMultiply.Multiplying) new MatrixMultiply().prepare(n);
        long checksum = workload.run();
        workload.verify(checksum);
        double[] expected = MatrixMultiply.naiveProduct(workload.a(), workload.b(), n);
        double[] actual = workload.product();
        for (int i = 0; i < n * n; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * n, "element " + i);
        }
        assertEquals(2.0 * n * n * n, workload.workPerRun());
    }

    @Test
    void productKnownByHand() {
        // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]
        assertEquals(java.util.List.of(19.0, 22.0, 43.0, 50.0), java.util.Arrays.stream(
                MatrixMultiply.naiveProduct(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}, 2)).boxed().toList());
    }

    @Test
    void largerThanTheNaiveCheckPassesFreivalds() {
        int n = MatrixMultiply.NAIVE_CHECK_MAX_N + 72;
        var workload = new MatrixMultiply().prepare(n);
        workload.verify(workload.run());
    }

    @Test
    void wrongChecksumIsCaught() {
        var workload = new MatrixMultiply().prepare(32);
        long checksum = workload.run();
        assertThrows(VerificationException.class, () -> workload.verify(checksum + 1));
    }

    /** n above the naive threshold: only Freivalds' check stands between a wrong element and a score. */
    @Test
    void tamperedProductIsCaughtByFreivalds() {
        int n = MatrixMultiply.NAIVE_CHECK_MAX_N + 72;
        MatrixMultiply.Multiplying workload = (MatrixMultiply.Multiplying) new MatrixMultiply().prepare(n);
        workload.run();
        workload.product()[n * 17 + 5] += 1e-6;
        VerificationException e = assertThrows(VerificationException.class,
                () -> workload.verify(MatrixMultiply.checksumOf(workload.product())));
        assertTrue(e.getMessage().contains("Freivalds"), e.getMessage());
    }

    @Test
    void tamperedSmallProductIsCaught() {
        MatrixMultiply.Multiplying workload = (MatrixMultiply.Multiplying) new MatrixMultiply().prepare(16);
        workload.run();
        workload.product()[3] = Double.NaN;
        assertThrows(VerificationException.class, () -> workload.verify(MatrixMultiply.checksumOf(workload.product())));
    }
}
