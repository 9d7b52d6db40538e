package org.envbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {

    @TempDir
    Path scratchFolder;

    @Test
    void twoWorkloadsOfOneKernelGetFoldersOfTheirOwnAndCloseRemovesEverything() throws IOException {
        try (Scratch first = Scratch.in(scratchFolder, "file-read");
             Scratch second = Scratch.in(scratchFolder, "file-read")) {
            assertNotEquals(first.folder(), second.folder());
            assertEquals(scratchFolder, first.folder().getParent());
            Files.writeString(first.file("data"), "x");
            Files.createDirectories(first.file("nested"));
            Files.writeString(first.file("nested").resolve("more"), "y");
            first.close();
            assertFalse(Files.exists(first.folder()));
            assertTrue(Files.isDirectory(second.folder()));
        }
        assertFalse(Files.list(scratchFolder).findAny().isPresent());
    }

    @Test
    void aMissingScratchFolderIsNamedInTheError() {
        Path missing = scratchFolder.resolve("missing");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Scratch.in(missing, "syscall"));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
