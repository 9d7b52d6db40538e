package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.envbench.http.results.SummaryRow;
import org.junit.jupiter.api.Test;

/** The one-fork note says which figures it is about. */
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
    void noNoteWhenEveryFigureHasForks() {
        assertNull(ConsoleReport.oneForkNote(List.of(row("bare", "matmul", 2), row("vm", "matmul", 3))));
        assertNull(ConsoleReport.oneForkNote(List.of(row("vm", "matmul", 0), row("bare", "matmul", 2))),
                "a figure with no runs at all is not a one-fork figure");
    }
}
