package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.envbench.http.results.SummaryRow;
import org.junit.jupiter.api.Test;

/** The verdicts of --calibrate on summaries with known answers. */
class CalibrationTest {

    private static SummaryRow row(String env, String kernel, double ratio, double low, double high) {
        return new SummaryRow(kernel, 1000, "MB/s", env, 12, 100 * ratio, ratio, low, high, low > 1 || high < 1, 2,
                0.01, false, Math.max(ratio - low, high - ratio) / ratio, 0);
    }

    private static List<SummaryRow> passing() {
        List<SummaryRow> rows = new ArrayList<>();
        for (String kernel : List.of("sha256", "primes", "matmul", "deflate", "sort")) {
            rows.add(row("bare", kernel, 1, 1, 1));
            rows.add(row(Calibration.SECOND_BARE, kernel, 1.01, 0.98, 1.04));
            rows.add(row(Calibration.UNLIMITED, kernel, 0.99, 0.96, 1.02));
            rows.add(row(Calibration.HALF, kernel, 0.51, 0.49, 0.53));
        }
        return rows;
    }

    /** Two forks cannot hold an A/A point estimate within 3 points here; a calibration takes six unless told. */
    @Test
    void aCalibrationTakesAtLeastSixForksUnlessForksAreGiven() {
        assertEquals(6, Calibration.forks(Profile.named("quick")));
        assertEquals(6, Calibration.forks(Profile.named("smoke")));
        assertEquals(8, Calibration.forks(Profile.named("quick").withForks(8)));
    }

    @Test
    void ratiosNearTheirExpectationsAndHonestIntervalsPass() {
        List<Calibration.Check> checks = Calibration.checks(passing());
        assertEquals(15, checks.size(), "five kernels, three environments besides bare");
        assertTrue(Calibration.allPassed(checks));
        assertEquals(new Calibration.IntervalCheck(0, 5), Calibration.intervals(checks));
    }

    @Test
    void theSecondBareMustBeWithinThreePointsNotFive() {
        List<SummaryRow> rows = new ArrayList<>(passing());
        rows.set(1, row(Calibration.SECOND_BARE, "sha256", 1.04, 1.00, 1.08));
        assertFalse(Calibration.allPassed(Calibration.checks(rows)), "1.04 passes for a container, not for A/A");
    }

    @Test
    void twoIntervalsOfTheSecondBareThatExcludeOneFailTheIntervalCheck() {
        List<SummaryRow> rows = new ArrayList<>(passing());
        rows.set(1, row(Calibration.SECOND_BARE, "sha256", 1.02, 1.01, 1.03));
        Calibration.IntervalCheck one = Calibration.intervals(Calibration.checks(rows));
        assertEquals(1, one.excluding());
        assertTrue(one.passed(), "one of five by chance is allowed");
        rows.set(5, row(Calibration.SECOND_BARE, "primes", 0.98, 0.97, 0.99));
        Calibration.IntervalCheck two = Calibration.intervals(Calibration.checks(rows));
        assertEquals(2, two.excluding());
        assertFalse(two.passed());
        assertFalse(Calibration.allPassed(Calibration.checks(rows)), "all ratios are within 3%, the intervals lie");
    }
}
