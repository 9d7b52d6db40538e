package org.envbench.http.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.envbench.core.ScoreUnit;
import org.envbench.http.diff.RunFolder.Point;
import org.envbench.http.stats.Change;
import org.envbench.http.stats.PairedRatio;
import org.envbench.http.stats.PairedRatio.Ratio;
import org.envbench.http.stats.PairedRatio.Run;

/**
 * What changed between two results folders: per environment, kernel and size, the change of the ratio to the
 * reference (what the environment costs, with the machine's drift paired away), and for the reference itself the
 * change of its raw score (which carries whatever changed on the machine). Both are performance factors: below 1
 * is slower in the new run, also for kernels where a lower score is better.
 */
final class RunDiff {

    /** What a line compares. */
    enum Figure {
        RATIO("ratio to reference"), SCORE("score");

        final String label;

        Figure(String label) {
            this.label = label;
        }
    }

    /** One compared figure; {@code oldValue} and {@code newValue} are ratios or scores as the figure says. */
    record Line(String env, String kernel, long size, String unit, Figure figure, double oldValue, double newValue,
                Change change) {
    }

    private RunDiff() {
    }

    /** Every point that both folders measured, in the new folder's order; points in only one are left out. */
    static List<Line> of(RunFolder old, RunFolder current) {
        String reference = current.reference();
        List<Line> lines = new ArrayList<>();
        Map<String, Boolean> higherBetter = new LinkedHashMap<>();
        current.runs().forEach((point, runs) -> {
            List<Run> oldRuns = old.runs().get(point);
            if (oldRuns == null) {
                return;
            }
            String unit = current.units().get(point);
            boolean higher = higherBetter.computeIfAbsent(unit, RunDiff::higherIsBetter);
            if (point.env().equals(reference)) {
                Ratio before = PairedRatio.score(oldRuns);
                Ratio after = PairedRatio.score(runs);
                Change change = Change.between(oriented(before, higher), oriented(after, higher));
                lines.add(new Line(point.env(), point.kernel(), point.size(), unit, Figure.SCORE, before.ratio(),
                        after.ratio(), change));
                return;
            }
            Point oldRef = new Point(reference, point.kernel(), point.size());
            Point newRef = new Point(reference, point.kernel(), point.size());
            if (!old.runs().containsKey(oldRef) || !current.runs().containsKey(newRef)) {
                return;
            }
            Ratio before = PairedRatio.of(oldRuns, old.runs().get(oldRef), higher);
            Ratio after = PairedRatio.of(runs, current.runs().get(newRef), higher);
            lines.add(new Line(point.env(), point.kernel(), point.size(), unit, Figure.RATIO, before.ratio(),
                    after.ratio(), Change.between(before, after)));
        });
        return lines;
    }

    private static boolean higherIsBetter(String unit) {
        for (ScoreUnit known : ScoreUnit.values()) {
            if (known.symbol().equals(unit)) {
                return known.higherIsBetter();
            }
        }
        throw new IllegalArgumentException("unknown unit '" + unit + "' in kernels.csv");
    }

    /** A score as a performance figure: itself for rates, its inverse for times per operation. */
    private static Ratio oriented(Ratio score, boolean higherIsBetter) {
        if (higherIsBetter) {
            return score;
        }
        return new Ratio(1 / score.ratio(), 1 / score.high(), 1 / score.low(), score.forks(), score.blocks());
    }
}
