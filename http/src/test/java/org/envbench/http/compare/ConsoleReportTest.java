package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.envbench.http.results.SummaryRow;
import org.junit.jupiter.api.Test;

/** The notes under the table: which figures rest on one fork, and how many stars chance alone would give. */
class ConsoleReportTest {

    private static SummaryRow row(String env, String kernel, int forks) {
        return new SummaryRow(kernel, 128, "GFLOP/s", env, 6 * forks, 1.0, 0.9, 0.8, 1.0, false, forks, 0.02, false,
                0.1, 0.0);
    }

    @Test
    void aRunOfOneForkIsCalledSoAsAWhole() {
        String note = ConsoleReport.oneForkNote(List.of(row("bare", "matmul", 1), row("vm", "matmul", 1)));
        assertTrue(note.startsWith("one fork: the intervals cover the runs of one server launch per environment"),
                note);
    }

    /** Seen in a quick run: the VM refused two kernels in its second fork, and the note read as if no run forked. */
    @Test
    void figuresLeftWithOneForkInARunOfTwoAreNamed() {
        String note = ConsoleReport.oneForkNote(List.of(row("bare", "matmul", 2), row("vm", "matmul", 1),
                row("vm", "sha256", 2), row("vm", "stream-scale", 1)));
        assertEquals("one fork only (the other forks refused or failed them): vm matmul 128, vm stream-scale 128; "
                + "their intervals cover the runs of one server launch, not the spread from one launch to the next "
                + "(JIT decisions, heap layout)", note);
    }

    @Test
    void theChanceNoteCountsTheStarsBesideWhatChanceGives() {
        SummaryRow clear = new SummaryRow("page-fault", 1024, "ns/op", "container", 12, 1.0, 1.053, 1.006, 1.103,
                true, 2, 0.09, true, 0.05, 0.0);
        List<SummaryRow> ratios = new java.util.ArrayList<>(java.util.Collections.nCopies(39, row("vm", "matmul", 2)));
        ratios.add(clear);
        String note = ConsoleReport.chanceNote(ratios);
        assertTrue(note.startsWith("chance: 1 of 40 intervals exclude 1 (*); with no difference at all, about 2.0 of "
                + "them would by chance alone"), note);
        SummaryRow noInterval = new SummaryRow("sha256", 1, "MB/s", "vm", 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, null, 0, Double.NaN, false, Double.NaN, Double.NaN);
        assertNull(ConsoleReport.chanceNote(List.of(noInterval)), "no interval, nothing to say");
    }

    @Test
    void noNoteWhenEveryFigureHasForks() {
        assertNull(ConsoleReport.oneForkNote(List.of(row("bare", "matmul", 2), row("vm", "matmul", 3))));
        assertNull(ConsoleReport.oneForkNote(List.of(row("vm", "matmul", 0), row("bare", "matmul", 2))),
                "a figure with no runs at all is not a one-fork figure");
    }
}
