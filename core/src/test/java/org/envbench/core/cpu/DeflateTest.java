package org.envbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.InflaterInputStream;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeflateTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 100, 32_768, 100_000})
    void compressedBytesInflateToTheInput(long size) throws IOException {
        Deflate.Compressing workload = (Deflate.Compressing) new Deflate().prepare(size);
        long checksum = workload.run();
        workload.verify(checksum);
        byte[] compressed = Arrays.copyOf(workload.compressed(), workload.compressedLength());
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            assertArrayEquals(Deflate.generateText(size), in.readAllBytes());
        }
        assertEquals(size, workload.workPerRun());
    }

    @Test
    void textIsDeterministicAsciiProseThatCompresses() {
        byte[] text = Deflate.generateText(100_000);
        assertArrayEquals(text, Deflate.generateText(100_000));
        for (byte b : text) {
            assertTrue(b == ' ' || b == '.' || b == '\n' || b == '\'' || (b >= 'a' && b <= 'z'), "byte " + b);
        }
        Deflate.Compressing workload = (Deflate.Compressing) new Deflate().prepare(100_000);
        workload.run();
        double ratio = workload.compressedLength() / 100_000.0;
        assertTrue(ratio > 0.2 && ratio < 0.6, "compression ratio " + ratio + " is not that of text");
    }

    @Test
    void wrongChecksumIsCaught() {
        var workload = new Deflate().prepare(10_000);
        long checksum = workload.run();
        assertThrows(VerificationException.class, () -> workload.verify(checksum ^ (1L << 40)));
    }

    @Test
    void tamperedCompressedBytesAreCaught() {
        Deflate.Compressing workload = (Deflate.Compressing) new Deflate().prepare(10_000);
        workload.run();
        workload.compressed()[workload.compressedLength() / 2] ^= 0x10;
        assertThrows(VerificationException.class,
                () -> workload.verify(Deflate.checksumOf(workload.compressed(), workload.compressedLength())));
    }

    @Test
    void verifyBeforeRunIsCaught() {
        assertThrows(VerificationException.class, () -> new Deflate().prepare(10).verify(0));
    }
}
