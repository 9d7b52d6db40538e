package org.envbench.http.stats;

/** Two-sided 95% quantiles of Student's t distribution, the 0.975 quantile for a number of degrees of freedom. */
final class StudentT {

    /** t(0.975, df) for df = 1..30, from the standard tables. */
    private static final double[] QUANTILES = {
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    private StudentT() {
    }

    /** t(0.975, df); past 30 degrees of freedom the usual expansion around the normal's 1.960. */
    static double quantile975(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, got " + degreesOfFreedom);
        }
        if (degreesOfFreedom <= QUANTILES.length) {
            return QUANTILES[degreesOfFreedom - 1];
        }
        double z = 1.959964;
        double n = degreesOfFreedom;
        return z + (z * z * z + z) / (4 * n) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n);
    }
}
