package org.envbench.core.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;

class ProcessStartTest {

    @Test
    void everyProcessExitsZero() {
        ProcessStart.Starts starts = (ProcessStart.Starts) new ProcessStart().prepare(5);
        long exitedZero = starts.run();
        assertEquals(5, exitedZero);
        starts.verify(exitedZero);
    }

    @Test
    void aProcessThatFailedIsCaught() {
        ProcessStart.Starts starts = (ProcessStart.Starts) new ProcessStart().prepare(3);
        starts.run();
        starts.exitedZero = 2;
        VerificationException e = assertThrows(VerificationException.class, () -> starts.verify(2));
        assertTrue(e.getMessage().contains("2 of 3"), e.getMessage());
        assertThrows(VerificationException.class, () -> starts.verify(3));
    }

    @Test
    void theProgramIsFixed() {
        assertEquals("/bin/true", ProcessStart.PROGRAM.toString());
        assertThrows(VerificationException.class, () -> new ProcessStart().prepare(1).verify(1));
    }
}
