package org.envbench.http.stats;

import org.envbench.http.stats.PairedRatio.Ratio;

/**
 * The change of one figure between two independent runs, as a factor (new over old) with a 95% interval, for
 * {@code envbench diff}. The two runs' intervals are combined in log space, each side's distance in quadrature:
 * the lower end of the change joins the new run's lower distance with the old run's upper one. Like the ratios
 * it is taken from, a factor below 1 is slower.
 *
 * @param factor the new figure over the old one
 * @param low    lower end of its 95% interval
 * @param high   upper end of its 95% interval
 */
public record Change(double factor, double low, double high) {

    /** The change from {@code old} to {@code current}; NaN when either is missing. */
    public static Change between(Ratio old, Ratio current) {
        if (!(old.ratio() > 0) || !(current.ratio() > 0)) {
            return new Change(Double.NaN, Double.NaN, Double.NaN);
        }
        double center = Math.log(current.ratio()) - Math.log(old.ratio());
        double below = Math.hypot(Math.log(current.ratio()) - Math.log(current.low()),
                Math.log(old.high()) - Math.log(old.ratio()));
        double above = Math.hypot(Math.log(current.high()) - Math.log(current.ratio()),
                Math.log(old.ratio()) - Math.log(old.low()));
        return new Change(Math.exp(center), Math.exp(center - below), Math.exp(center + above));
    }

    /** Whether the interval leaves out "no change". */
    public boolean clear() {
        return low > 1.0 || high < 1.0;
    }

    /** Whether this is a clear slowdown by more than {@code allowedShare} (0.05 for 5%). */
    public boolean worseThan(double allowedShare) {
        return clear() && factor < 1.0 - allowedShare;
    }
}
