package org.envbench.http.compare;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress bar of {@code compare} on stderr: share done, elapsed time and an ETA from the work done so
 * far. Work is counted in estimated seconds, so a long load run weighs more than a quick {@code /run}. On a
 * terminal the bar redraws in place; otherwise a plain line is printed at most every 5 seconds.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private long startNanos = System.nanoTime();
    private double totalWork;
    private double doneWork;
    private long lastPrintNanos;

    Progress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    synchronized void plan(double totalWork) {
        this.totalWork = totalWork;
        this.startNanos = System.nanoTime();
    }

    synchronized void advance(double work, String what) {
        doneWork = Math.min(totalWork, doneWork + work);
        long now = System.nanoTime();
        boolean last = doneWork >= totalWork;
        if (!terminal && !last && now - lastPrintNanos < 5_000_000_000L) {
            return;
        }
        lastPrintNanos = now;
        double share = totalWork <= 0 ? 1 : doneWork / totalWork;
        double elapsed = (now - startNanos) / 1e9;
        String eta = share <= 0 ? "--:--" : clock(elapsed * (1 - share) / share);
        int filled = (int) Math.round(share * WIDTH);
        String bar = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
        String line = String.format(Locale.ROOT, "%s %3.0f%% elapsed %s ETA %s  %s", bar, share * 100,
                clock(elapsed), eta, what);
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, 20 - what.length())));
            if (last) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends the bar's line so that a message can follow. */
    synchronized void breakLine() {
        if (terminal) {
            err.println();
        }
    }

    static String clock(double seconds) {
        long total = Math.round(seconds);
        return total >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
                : String.format(Locale.ROOT, "%d:%02d", total / 60, total % 60);
    }
}
