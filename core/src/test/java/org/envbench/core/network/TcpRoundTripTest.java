package org.envbench.core.network;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;

class TcpRoundTripTest {

    @Test
    void everyEchoMatchesItsMessageRunAfterRun() {
        try (TcpRoundTrip.Echoes echoes = (TcpRoundTrip.Echoes) new TcpRoundTrip().prepare(200)) {
            for (int run = 0; run < 3; run++) {
                echoes.verify(echoes.run());
            }
        }
    }

    @Test
    void aWrongHashOrACorruptedEchoIsCaught() {
        try (TcpRoundTrip.Echoes echoes = (TcpRoundTrip.Echoes) new TcpRoundTrip().prepare(20)) {
            long checksum = echoes.run();
            echoes.verify(checksum);
            assertThrows(VerificationException.class, () -> echoes.verify(checksum ^ 1));
            echoes.in.put(30, (byte) (echoes.in.get(30) ^ 1));
            VerificationException e = assertThrows(VerificationException.class, () -> echoes.verify(checksum));
            assertTrue(e.getMessage().contains("last echo"), e.getMessage());
        }
    }

    @Test
    void aNotYetRunWorkloadFails() {
        try (var echoes = new TcpRoundTrip().prepare(1)) {
            assertThrows(VerificationException.class, () -> echoes.verify(0));
        }
    }
}
