package org.envbench.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReadTest {

    @TempDir
    Path scratch;

    @Test
    void readsWrapAroundTheFileAndMatchTheFormula() throws IOException {
        try (FileRead.Reads reads = (FileRead.Reads) new FileRead().prepare(600, scratch)) {
            reads.verify(reads.run());
            reads.verify(reads.run());
            assertEquals((long) FileRead.MAX_BLOCKS * FileRead.BLOCK_BYTES, Files.size(onlyFile()), "16 MiB at most");
            // read 599 is of block 599 % 256 = 87
            assertEquals(FileRead.valueAt(87, 5), reads.buffer.getLong(5 * Long.BYTES));
        }
    }

    @Test
    void aCorruptedBlockIsCaught() throws IOException {
        try (FileRead.Reads reads = (FileRead.Reads) new FileRead().prepare(3, scratch)) {
            reads.verify(reads.run());
            try (FileChannel file = FileChannel.open(onlyFile(), StandardOpenOption.WRITE)) {
                ByteBuffer wrong = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, 7);
                file.write(wrong, 1L * FileRead.BLOCK_BYTES + FileRead.MIDDLE * Long.BYTES);
            }
            long checksum = reads.run();
            VerificationException e = assertThrows(VerificationException.class, () -> reads.verify(checksum));
            assertTrue(e.getMessage().contains("formula"), e.getMessage());
        }
    }

    @Test
    void aByteOfTheLastBlockOutsideTheSampledLongsIsCaught() {
        try (FileRead.Reads reads = (FileRead.Reads) new FileRead().prepare(2, scratch)) {
            long checksum = reads.run();
            reads.buffer.putLong(100 * Long.BYTES, 0);
            VerificationException e = assertThrows(VerificationException.class, () -> reads.verify(checksum));
            assertTrue(e.getMessage().contains("long 100 of block 1"), e.getMessage());
        }
    }

    @Test
    void closeRemovesTheFile() throws IOException {
        new FileRead().prepare(10, scratch).close();
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(0, left.count());
        }
    }

    private Path onlyFile() throws IOException {
        try (Stream<Path> files = Files.walk(scratch)) {
            return files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }
}
