package org.envbench.core.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;

class ThreadWakeupTest {

    @Test
    void everyRoundTripMovesTheBatonTwiceAndIsCounted() {
        try (ThreadWakeup.HandOffs handOffs = (ThreadWakeup.HandOffs) new ThreadWakeup().prepare(500)) {
            for (int run = 0; run < 3; run++) {
                long moved = handOffs.run();
                assertEquals(1000, moved);
                handOffs.verify(moved);
                assertEquals(500, handOffs.receivedAfter - handOffs.receivedBefore);
            }
        }
    }

    @Test
    void aLostHandOffOrAWrongCountIsCaught() {
        try (ThreadWakeup.HandOffs handOffs = (ThreadWakeup.HandOffs) new ThreadWakeup().prepare(100)) {
            long moved = handOffs.run();
            assertThrows(VerificationException.class, () -> handOffs.verify(moved - 1));
            handOffs.receivedAfter--;
            assertThrows(VerificationException.class, () -> handOffs.verify(moved));
        }
    }

    @Test
    void closeStopsThePartnerThread() throws InterruptedException {
        ThreadWakeup.HandOffs handOffs = (ThreadWakeup.HandOffs) new ThreadWakeup().prepare(10);
        handOffs.verify(handOffs.run());
        handOffs.close();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("envbench-thread-wakeup-partner")) {
                thread.join(5000);
                assertFalse(thread.isAlive(), "a partner thread is still running after close");
            }
        }
        assertThrows(VerificationException.class, () -> new ThreadWakeup().prepare(1).verify(2));
    }
}
