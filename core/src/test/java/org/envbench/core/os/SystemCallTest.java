package org.envbench.core.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemCallTest {

    @TempDir
    Path scratch;

    @Test
    void everyCallReportsTheFilesLengthAndAWrongSumIsCaught() {
        try (SystemCall.Calls calls = (SystemCall.Calls) new SystemCall().prepare(1000, scratch)) {
            long checksum = calls.run();
            calls.verify(checksum);
            assertEquals(1000 * calls.length, checksum);
            assertTrue(calls.length >= 1000 && calls.length < 4000, "seeded length " + calls.length);
            VerificationException e = assertThrows(VerificationException.class, () -> calls.verify(checksum - 1));
            assertTrue(e.getMessage().contains("1000 fstat calls"), e.getMessage());
        }
    }

    @Test
    void aFileThatChangedUnderTheRunIsCaught() throws IOException {
        try (SystemCall.Calls calls = (SystemCall.Calls) new SystemCall().prepare(10, scratch)) {
            Path file;
            try (Stream<Path> files = Files.walk(scratch)) {
                file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            Files.write(file, new byte[7]);
            long checksum = calls.run();
            assertEquals(70, checksum);
            assertThrows(VerificationException.class, () -> calls.verify(checksum));
        }
    }

    @Test
    void closeRemovesItsFolderAndANotYetRunWorkloadFails() throws IOException {
        SystemCall.Calls calls = (SystemCall.Calls) new SystemCall().prepare(10, scratch);
        assertThrows(VerificationException.class, () -> calls.verify(0));
        calls.close();
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(0, left.count(), "files left in the scratch folder");
        }
    }
}
