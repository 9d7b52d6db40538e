package org.envbench.http.watch;

import java.io.PrintStream;
import java.util.List;

/**
 * What {@code compare} does about other runs before it starts anything: it removes what killed runs left running
 * (their owner is dead) and says so, and it refuses to measure beside the environments of another compare that is
 * still alive, which would disturb both.
 */
public final class RunGuard {

    private RunGuard() {
    }

    /**
     * Removes what killed runs of compare left running (their owner is dead), unless {@code --keep-leftovers}, and
     * says so ({@code keepLeftovers}: only lists it); refuses to measure beside the environments of another compare
     * that is still running unless {@code besideOtherRuns}. False when this run must not go on.
     */
    public static boolean clear(RunMarker marker, boolean keepLeftovers, boolean besideOtherRuns, PrintStream stderr,
                                List<String> notes) {
        try {
            Reaper reaper = Reaper.onThisMachine(marker);
            Reaper.Scan scan = reaper.scan();
            scan.problems().forEach(problem -> stderr.println("compare: " + problem));
            List<Leftover> dead = scan.ofDeadOwners();
            if (!dead.isEmpty() && keepLeftovers) {
                dead.forEach(l -> {
                    String line = "left running (--keep-leftovers): " + l.what() + " of a killed run";
                    stderr.println("compare: " + line);
                    notes.add(line);
                });
            } else if (!dead.isEmpty()) {
                for (Reaper.Removal removal : reaper.reap(dead)) {
                    stderr.println("compare: " + removal.describe());
                    notes.add(removal.describe());
                }
            }
            boolean otherRunLive = scan.leftovers().stream()
                    .anyMatch(l -> l.owner() == RunMarker.Owner.ALIVE && l.marker() != null);
            for (String warning : scan.warnings()) {
                stderr.println("compare: " + warning);
                notes.add(warning);
            }
            if (otherRunLive && !besideOtherRuns) {
                stderr.println("compare: another compare is measuring on this machine (see above); wait for it to "
                        + "end, or stop it, and run again (or pass --beside-other-runs)");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            stderr.println("compare: could not look for leftovers of earlier runs: " + e.getMessage());
        }
        return true;
    }

}
