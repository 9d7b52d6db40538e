package org.envbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every os, io and network workload gets from {@link Operations}, checked on each at its smallest size. */
class OperationsTest {

    @Test
    void verifyBeforeAnyRunIsRefusedAndARunCountsItsOperations(@TempDir Path scratch) {
        int systemKernels = 0;
        for (Kernel kernel : Kernels.all()) {
            if (kernel.resource() == Resource.CPU || kernel.resource() == Resource.MEMORY) {
                continue;
            }
            systemKernels++;
            long size = kernel.minSize();
            try (Workload workload = kernel.prepare(size, scratch)) {
                assertTrue(workload instanceof Operations, kernel.name() + " is not an Operations workload");
                VerificationException early = assertThrows(VerificationException.class, () -> workload.verify(0));
                assertEquals(kernel.name() + ": verify was called before any run", early.getMessage());
                workload.verify(workload.run());
                assertEquals(size, workload.workPerRun(), kernel.name());
            }
        }
        assertEquals(8, systemKernels, "the catalog's os, io and network kernels");
    }
}
