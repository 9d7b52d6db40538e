package org.envbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Sha256Test {

    @Test
    void jdkDigestMatchesFips180Vectors() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                hex(Sha256.digest("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                hex(Sha256.digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
                        .getBytes(StandardCharsets.US_ASCII))));
        Sha256.checkAgainstFips180();
    }

    /** Sizes around SHA-256's 64-byte block and its 55/56-byte padding boundary. */
    @ParameterizedTest
    @ValueSource(longs = {1, 55, 56, 63, 64, 65, 1000, 65_536})
    void runsPassVerificationAndMatchADigestOfTheInput(long size) {
        Sha256.Hashing workload = (Sha256.Hashing) new Sha256().prepare(size);
        long checksum = workload.run();
        workload.verify(checksum);
        byte[] expected = Sha256.digest(Sha256.generate(size));
        assertArrayEquals(expected, workload.lastDigest());
        assertEquals(Sha256.checksumOf(expected), checksum);
        assertEquals(size, workload.workPerRun());
    }

    @Test
    void inputIsDeterministic() {
        assertArrayEquals(Sha256.generate(4096), Sha256.generate(4096));
    }

    @Test
    void wrongChecksumIsCaught() {
        Sha256.Hashing workload = (Sha256.Hashing) new Sha256().prepare(4096);
        long checksum = workload.run();
        assertThrows(VerificationException.class, () -> workload.verify(checksum ^ 1));
    }

    @Test
    void tamperedDigestIsCaught() {
        Sha256.Hashing workload = (Sha256.Hashing) new Sha256().prepare(4096);
        long checksum = workload.run();
        workload.lastDigest()[31] ^= 1;
        VerificationException e = assertThrows(VerificationException.class, () -> workload.verify(checksum));
        assertEquals(true, e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void verifyBeforeRunIsCaught() {
        assertThrows(VerificationException.class, () -> new Sha256().prepare(64).verify(0));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
