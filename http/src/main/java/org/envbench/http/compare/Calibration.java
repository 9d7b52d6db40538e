package org.envbench.http.compare;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.envbench.http.results.CalibrationRow;
import org.envbench.http.results.RatioInterval;
import org.envbench.http.results.SummaryRow;

/**
 * The check of the instrument itself ({@code compare --calibrate}), of its ratios and of its intervals:
 * <ul>
 *   <li>a container without a CPU limit must score like bare on single-thread CPU kernels (ratio 1.0) and a
 *       container limited to half a CPU must score half (0.5), each within {@value #TOLERANCE};</li>
 *   <li>the A/A check: a second, independent bare launch ({@value #SECOND_BARE}) treated as an environment must
 *       score like bare, every ratio within {@value #AA_TOLERANCE} of 1.0, and at most {@value #AA_MAX_EXCLUDING}
 *       of its 95% intervals may exclude 1.0. Nothing differs between the two but chance, so this tests the
 *       intervals themselves: intervals that were too narrow would exclude 1.0 for many kernels.</li>
 * </ul>
 */
public final class Calibration {

    static final double TOLERANCE = 0.05;
    static final double AA_TOLERANCE = 0.03;
    static final int AA_MAX_EXCLUDING = 1;
    static final String UNLIMITED = "container";
    static final String HALF = "container-cpus-0.5";
    static final String SECOND_BARE = "bare-aa";
    /**
     * Forks of a calibration unless {@code --forks} says otherwise. The A/A ratio is a mean over forks, and one launch
     * of a JVM differs from the next by 5-10% on a shared machine: with 2 forks the point estimate cannot hold
     * {@value #AA_TOLERANCE}, with 6 it can (README, "Status").
     */
    public static final int FORKS = 6;

    /** The forks of a calibration without {@code --forks} (which wins where given): the profile's, at least six. */
    public static int forks(Profile profile) {
        return Math.max(profile.forks(), FORKS);
    }

    record Check(String env, String kernel, long size, double expected, double tolerance, RatioInterval measured) {
        boolean passed() {
            return Math.abs(measured.ratio() - expected) <= tolerance;
        }

        String verdict() {
            return Double.isNaN(measured.ratio()) ? "NO DATA" : passed() ? "PASS" : "FAIL";
        }

        CalibrationRow row() {
            return new CalibrationRow(env, kernel, size, expected, measured.ratio(), measured.low(), measured.high(),
                    verdict());
        }
    }

    /** The A/A check of the intervals: how many of the second bare's intervals exclude 1.0. */
    record IntervalCheck(int excluding, int intervals) {
        boolean passed() {
            return intervals > 0 && excluding <= AA_MAX_EXCLUDING;
        }

        String verdict() {
            return intervals == 0 ? "NO DATA" : passed() ? "PASS" : "FAIL";
        }
    }

    private Calibration() {
    }

    static List<Check> checks(List<SummaryRow> summary) {
        List<Check> checks = new ArrayList<>();
        for (SummaryRow row : summary) {
            switch (row.env()) {
                case UNLIMITED -> checks.add(new Check(row.env(), row.kernel(), row.size(), 1.0, TOLERANCE, row.ratio()));
                case HALF -> checks.add(new Check(row.env(), row.kernel(), row.size(), 0.5, TOLERANCE, row.ratio()));
                case SECOND_BARE -> checks.add(new Check(row.env(), row.kernel(), row.size(), 1.0, AA_TOLERANCE,
                        row.ratio()));
                default -> {
                }
            }
        }
        return checks;
    }

    static IntervalCheck intervals(List<Check> checks) {
        List<Check> aa = checks.stream().filter(c -> c.env().equals(SECOND_BARE) && !Double.isNaN(c.measured().ratio()))
                .toList();
        return new IntervalCheck((int) aa.stream().filter(c -> c.measured().excludesOne()).count(), aa.size());
    }

    static void print(List<Check> checks, PrintStream out) {
        out.println();
        out.println("calibration: single-thread CPU kernels, ratio to bare; PASS when within "
                + Math.round(TOLERANCE * 100) + " points of the expected ratio (" + Math.round(AA_TOLERANCE * 100)
                + " for the second bare launch, " + SECOND_BARE + ")");
        out.printf(Locale.ROOT, "%-20s %-10s %11s %8s %8s %-18s %s%n", "env", "kernel", "size", "expected",
                "measured", "95% CI", "verdict");
        for (Check check : checks) {
            RatioInterval r = check.measured();
            out.printf(Locale.ROOT, "%-20s %-10s %11d %8.2f %8.3f %-18s %s%n", check.env(), check.kernel(),
                    check.size(), check.expected(), r.ratio(),
                    String.format(Locale.ROOT, "[%.3f, %.3f]", r.low(), r.high()), check.verdict());
        }
        IntervalCheck intervals = intervals(checks);
        out.printf(Locale.ROOT, "A/A intervals: %d of %d of %s's 95%% intervals exclude 1.0 (at most %d may): %s%n",
                intervals.excluding(), intervals.intervals(), SECOND_BARE, AA_MAX_EXCLUDING, intervals.verdict());
        long failed = checks.stream().filter(c -> !c.verdict().equals("PASS")).count()
                + (intervals.passed() ? 0 : 1);
        out.println(checks.isEmpty() ? "calibration: NO DATA (an environment failed; see above)"
                : failed == 0 ? "calibration: PASS (" + (checks.size() + 1) + " checks)"
                : "calibration: FAIL (" + failed + " of " + (checks.size() + 1) + " checks)");
    }

    static boolean allPassed(List<Check> checks) {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed) && intervals(checks).passed();
    }
}
