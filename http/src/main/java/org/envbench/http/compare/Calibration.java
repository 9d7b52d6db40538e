package org.envbench.http.compare;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.envbench.http.results.CalibrationRow;
import org.envbench.http.results.RatioInterval;
import org.envbench.http.results.SummaryRow;

/**
 * The check of the instrument itself ({@code compare --calibrate}): a container without a CPU limit must score
 * like bare on single-thread CPU kernels (expected ratio 1.0) and a container limited to half a CPU must score
 * half (0.5). A measured ratio within {@value #TOLERANCE} of its expectation passes.
 */
final class Calibration {

    static final double TOLERANCE = 0.05;
    static final String UNLIMITED = "container";
    static final String HALF = "container-cpus-0.5";

    record Check(String env, String kernel, long size, double expected, RatioInterval measured) {
        boolean passed() {
            return Math.abs(measured.ratio() - expected) <= TOLERANCE;
        }

        String verdict() {
            return Double.isNaN(measured.ratio()) ? "NO DATA" : passed() ? "PASS" : "FAIL";
        }

        CalibrationRow row() {
            return new CalibrationRow(env, kernel, size, expected, measured.ratio(), measured.low(), measured.high(),
                    verdict());
        }
    }

    private Calibration() {
    }

    static List<Check> checks(List<SummaryRow> summary) {
        List<Check> checks = new ArrayList<>();
        for (SummaryRow row : summary) {
            double expected = row.env().equals(UNLIMITED) ? 1.0 : row.env().equals(HALF) ? 0.5 : Double.NaN;
            if (!Double.isNaN(expected)) {
                checks.add(new Check(row.env(), row.kernel(), row.size(), expected, row.ratio()));
            }
        }
        return checks;
    }

    static void print(List<Check> checks, PrintStream out) {
        out.println();
        out.println("calibration: single-thread CPU kernels, ratio to bare; PASS when within "
                + Math.round(TOLERANCE * 100) + " points of the expected ratio");
        out.printf(Locale.ROOT, "%-20s %-10s %11s %8s %8s %-18s %s%n", "env", "kernel", "size", "expected",
                "measured", "95% CI", "verdict");
        for (Check check : checks) {
            RatioInterval r = check.measured();
            out.printf(Locale.ROOT, "%-20s %-10s %11d %8.2f %8.3f %-18s %s%n", check.env(), check.kernel(),
                    check.size(), check.expected(), r.ratio(),
                    String.format(Locale.ROOT, "[%.3f, %.3f]", r.low(), r.high()), check.verdict());
        }
        long failed = checks.stream().filter(c -> !c.verdict().equals("PASS")).count();
        out.println(checks.isEmpty() ? "calibration: NO DATA (an environment failed; see above)"
                : failed == 0 ? "calibration: PASS (" + checks.size() + " checks)"
                : "calibration: FAIL (" + failed + " of " + checks.size() + " checks)");
    }

    static boolean allPassed(List<Check> checks) {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }
}
