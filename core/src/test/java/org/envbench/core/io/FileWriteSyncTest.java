package org.envbench.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWriteSyncTest {

    @TempDir
    Path scratch;

    @Test
    void theFileHoldsTheLastWriteOfEveryBlockAndNeverGrows() throws IOException {
        try (FileWriteSync.Writes writes = (FileWriteSync.Writes) new FileWriteSync().prepare(300, scratch)) {
            for (int run = 0; run < 2; run++) {
                writes.verify(writes.run());
            }
            assertEquals((long) FileWriteSync.SLOTS * FileWriteSync.BLOCK_BYTES, Files.size(onlyFile()));
            // 600 writes: write 599 is the last one to block 599 % 256 = 87
            ByteBuffer block = ByteBuffer.allocate(8);
            writes.channel().read(block, 87L * FileWriteSync.BLOCK_BYTES);
            assertEquals(599, block.getLong(0));
        }
    }

    @Test
    void aBlockThatDoesNotHoldItsWriteIsCaught() throws IOException {
        try (FileWriteSync.Writes writes = (FileWriteSync.Writes) new FileWriteSync().prepare(10, scratch)) {
            long checksum = writes.run();
            writes.verify(checksum);
            writes.channel().write(ByteBuffer.wrap(new byte[] {42}), 5L * FileWriteSync.BLOCK_BYTES + 100);
            VerificationException e = assertThrows(VerificationException.class, () -> writes.verify(checksum));
            assertTrue(e.getMessage().contains("block 5"), e.getMessage());
        }
    }

    @Test
    void aWrongSumIsCaughtAndCloseRemovesTheFile() throws IOException {
        FileWriteSync.Writes writes = (FileWriteSync.Writes) new FileWriteSync().prepare(4, scratch);
        assertThrows(VerificationException.class, () -> writes.verify(0));
        long checksum = writes.run();
        assertEquals(0 + 1 + 2 + 3, checksum);
        assertThrows(VerificationException.class, () -> writes.verify(checksum + 1));
        writes.close();
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
