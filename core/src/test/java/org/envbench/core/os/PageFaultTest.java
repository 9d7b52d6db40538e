package org.envbench.core.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.envbench.core.VerificationException;
import org.envbench.core.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageFaultTest {

    @TempDir
    Path scratch;

    @Test
    void touchedPagesReadBackTheirValuesRunAfterRun() {
        try (Workload pages = new PageFault().prepare(300, scratch)) {
            long first = pages.run();
            pages.verify(first);
            long second = pages.run();
            pages.verify(second);
            assertEquals(first, second);
            assertThrows(VerificationException.class, () -> pages.verify(first ^ 1));
        }
    }

    @Test
    void thePagesAreFreshAndTheFileStaysZero() throws IOException {
        try (Workload pages = new PageFault().prepare(64, scratch)) {
            pages.verify(pages.run());
            Path file;
            try (Stream<Path> files = Files.walk(scratch)) {
                file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(file);
            assertEquals(64L * 4096, bytes.length, "a sparse file of 64 pages (on 4 KiB pages)");
            for (byte b : bytes) {
                assertEquals(0, b, "a private mapping must not write through to the file");
            }
        }
    }

    @Test
    void aWriteThatReachedTheFileIsCaught() throws IOException {
        try (Workload pages = new PageFault().prepare(16, scratch)) {
            long checksum = pages.run();
            Path file;
            try (Stream<Path> files = Files.walk(scratch)) {
                file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(file);
            bytes[3] = 1;
            Files.write(file, bytes);
            VerificationException e = assertThrows(VerificationException.class, () -> pages.verify(checksum));
            assertTrue(e.getMessage().contains("reached the file"), e.getMessage());
        }
    }

    @Test
    void theMappedPagesCountAsMemorySoThatAServerRefusesWhatCannotFit() {
        PageFault kernel = new PageFault();
        assertTrue(kernel.memoryBytes(kernel.maxSize()) >= kernel.maxSize() * 4096,
                "the pages of the largest run must be counted: " + kernel.memoryBytes(kernel.maxSize()));
    }

    @Test
    void everyPageGetsItsOwnNonZeroValue() {
        assertTrue(PageFault.valueOf(0) != 0 && PageFault.valueOf(1) != PageFault.valueOf(0));
        assertThrows(VerificationException.class, () -> new PageFault().prepare(4, scratch).verify(0));
    }
}
