package org.envbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelsTest {

    @Test
    void catalogHoldsTheKernelsGroupedByKindCpuFirst() {
        assertEquals(List.of("sha256", "primes", "matmul", "deflate", "sort", "stream-copy", "stream-scale",
                "stream-add", "stream-triad", "latency", "alloc", "syscall", "clock", "page-fault", "thread-wakeup",
                "process-start", "file-write-sync", "file-read", "tcp-round-trip"), Kernels.names());
        List<Resource> kinds = Kernels.all().stream().map(Kernel::resource).toList();
        List<Resource> sorted = kinds.stream().sorted().toList();
        assertEquals(sorted, kinds, "kernels grouped by kind in the order of Resource");
        assertEquals(List.of(Resource.values()), kinds.stream().distinct().toList(), "every kind has a kernel");
    }

    @Test
    void byNameFindsEveryKernel() {
        for (Kernel kernel : Kernels.all()) {
            assertSame(kernel, Kernels.byName(kernel.name()));
            assertEquals(kernel.name().toLowerCase(Locale.ROOT), kernel.name());
        }
        assertEquals(Kernels.names().size(), new HashSet<>(Kernels.names()).size(), "names are unique");
    }

    @Test
    void unknownNameIsRejectedWithTheKnownNames() {
        UnknownKernelException e = assertThrows(UnknownKernelException.class, () -> Kernels.byName("SHA256"));
        assertTrue(e.getMessage().contains("'SHA256'"), e.getMessage());
        for (String name : Kernels.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage() + " does not name " + name);
        }
        assertEquals(Kernels.names(), e.known());
    }

    @Test
    void outOfRangeSizeIsRejectedWithTheRange() {
        for (Kernel kernel : Kernels.all()) {
            for (long size : new long[] {kernel.minSize() - 1, kernel.maxSize() + 1}) {
                SizeOutOfRangeException e = assertThrows(SizeOutOfRangeException.class, () -> kernel.prepare(size));
                String message = e.getMessage();
                assertTrue(message.contains(kernel.name()) && message.contains(String.valueOf(size))
                        && message.contains(kernel.minSize() + " to " + kernel.maxSize()), message);
                assertEquals(size, e.size());
            }
        }
    }

    @Test
    void defaultSizeIsWithinRangeAndMemoryIsPositive() {
        for (Kernel kernel : Kernels.all()) {
            assertTrue(kernel.minSize() >= 1 && kernel.minSize() <= kernel.defaultSize()
                    && kernel.defaultSize() <= kernel.maxSize(), kernel.name() + ": min " + kernel.minSize()
                    + ", default " + kernel.defaultSize() + ", max " + kernel.maxSize());
            for (long size : new long[] {kernel.minSize(), kernel.defaultSize(), kernel.maxSize()}) {
                assertTrue(kernel.memoryBytes(size) > 0, kernel.name() + " memoryBytes(" + size + ")");
            }
            assertTrue(kernel.memoryBytes(kernel.maxSize()) >= kernel.memoryBytes(kernel.minSize()), kernel.name());
            assertTrue(!kernel.sizeMeaning().isBlank() && !kernel.unit().symbol().isBlank(), kernel.name());
        }
    }

    @Test
    void systemKernelsRunThroughTheRunnerAtTheirSmallestSizeAndLeaveNoFileBehind(@TempDir Path scratch)
            throws IOException {
        for (Kernel kernel : Kernels.all()) {
            if (kernel.resource() == Resource.CPU || kernel.resource() == Resource.MEMORY) {
                continue;
            }
            RunResult result = KernelRunner.run(kernel, kernel.minSize(), 2, scratch);
            assertTrue(result.verified() && result.score() > 0, result.toString());
            assertFalse(kernel.higherIsBetter(), kernel.name() + " scores time per operation");
            try (Stream<Path> left = Files.list(scratch)) {
                assertEquals(List.of(), left.toList(), kernel.name() + " left files in the scratch folder");
            }
        }
    }

    @Test
    void cpuKernelsRunAndVerifyThroughTheRunnerAtASmallSize() {
        for (Kernel kernel : Kernels.all()) {
            if (kernel.resource() != Resource.CPU) {
                continue;
            }
            long size = Math.max(kernel.minSize(), Math.min(kernel.defaultSize(), 64));
            RunResult result = KernelRunner.run(kernel, size, 3);
            assertTrue(result.verified() && result.score() > 0, result.toString());
            assertEquals(kernel.unit().symbol(), result.unit());
        }
    }
}
