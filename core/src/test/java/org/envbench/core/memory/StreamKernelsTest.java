package org.envbench.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.envbench.core.Kernel;
import org.envbench.core.KernelRunner;
import org.envbench.core.Kernels;
import org.envbench.core.RunResult;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamKernelsTest {

    /** Sizes around the vector widths and the 1024-element offset period, where loop tails and index slips show. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8, 17, 1023, 1024, 1025, 4099})
    void everyKernelMatchesTheAnalyticValuesAfterRepeatedRuns(int n) {
        StreamCopy.Copy copy = (StreamCopy.Copy) new StreamCopy().prepare(n);
        StreamScale.Scale scale = (StreamScale.Scale) new StreamScale().prepare(n);
        StreamAdd.Add add = (StreamAdd.Add) new StreamAdd().prepare(n);
        StreamTriad.Triad triad = (StreamTriad.Triad) new StreamTriad().prepare(n);
        for (int round = 0; round < 3; round++) {
            copy.verify(copy.run());
            scale.verify(scale.run());
            add.verify(add.run());
            triad.verify(triad.run());
        }
        // the reference written out, independent of StreamValues: STREAM's 1, 2, 3 plus the offset k
        for (int i = 0; i < n; i++) {
            double k = i % 1024;
            assertEquals(1.0 + k, copy.c[i]);
            assertEquals(3.0 * (1.0 + k), scale.b[i]);
            assertEquals((1.0 + k) + (2.0 + k), add.c[i]);
            assertEquals((2.0 + k) + 3.0 * (1.0 + k), triad.a[i]);
        }
    }

    @Test
    void aNotYetRunWorkloadFailsVerification() {
        Workload add = new StreamAdd().prepare(100);
        assertThrows(VerificationException.class, () -> add.verify(0));
    }

    @Test
    void aTamperedElementIsCaughtEvenWhenTheChecksumIsRight() {
        StreamTriad.Triad triad = (StreamTriad.Triad) new StreamTriad().prepare(5000);
        long checksum = triad.run();
        triad.verify(checksum);
        triad.a[1234] += 1.0;
        VerificationException e = assertThrows(VerificationException.class, () -> triad.verify(checksum));
        assertTrue(e.getMessage().contains("a[1234]"), e.getMessage());

        StreamCopy.Copy copy = (StreamCopy.Copy) new StreamCopy().prepare(5000);
        long copyChecksum = copy.run();
        copy.c[4000] = 0.0;
        assertThrows(VerificationException.class, () -> copy.verify(copyChecksum));
    }

    @Test
    void aWrongChecksumIsCaught() {
        for (String name : new String[] {"stream-copy", "stream-scale", "stream-add", "stream-triad"}) {
            Workload workload = Kernels.byName(name).prepare(64);
            long checksum = workload.run();
            workload.verify(checksum);
            assertThrows(VerificationException.class, () -> workload.verify(checksum ^ 1), name);
        }
    }

    @Test
    void aShiftedIndexIsCaught() {
        StreamAdd.Add add = (StreamAdd.Add) new StreamAdd().prepare(3000);
        long checksum = add.run();
        // what a loop writing c[i] = a[i + 1] + b[i + 1] would leave behind
        for (int i = 0; i < 2999; i++) {
            add.c[i] = add.a[i + 1] + add.b[i + 1];
        }
        assertThrows(VerificationException.class, () -> add.verify(checksum));
    }

    @Test
    void bytesAreCountedAsStreamCountsThem() {
        assertEquals(16.0 * 1000, new StreamCopy().prepare(1000).workPerRun());
        assertEquals(16.0 * 1000, new StreamScale().prepare(1000).workPerRun());
        assertEquals(24.0 * 1000, new StreamAdd().prepare(1000).workPerRun());
        assertEquals(24.0 * 1000, new StreamTriad().prepare(1000).workPerRun());
    }

    @Test
    void memoryBytesCoverTheArrays() {
        assertEquals(2L * 8 * 1000, new StreamCopy().memoryBytes(1000));
        assertEquals(2L * 8 * 1000, new StreamScale().memoryBytes(1000));
        assertEquals(3L * 8 * 1000, new StreamAdd().memoryBytes(1000));
        assertEquals(3L * 8 * 1000, new StreamTriad().memoryBytes(1000));
    }

    @Test
    void theCatalogRunsTheRealKernels() {
        for (String name : new String[] {"stream-copy", "stream-scale", "stream-add", "stream-triad"}) {
            Kernel kernel = Kernels.byName(name);
            RunResult result = KernelRunner.run(kernel, 10_000, 3);
            assertTrue(result.verified());
            assertEquals("GB/s", result.unit());
            assertTrue(result.score() > 0, name + " score " + result.score());
        }
    }
}
