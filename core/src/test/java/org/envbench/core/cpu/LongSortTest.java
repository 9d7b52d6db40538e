package org.envbench.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.envbench.core.Kernel;
import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongSortTest {

    /** The reference is a boxed list sorted by Collections.sort (TimSort), not the primitive Arrays.sort. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 1000, 100_000})
    void outputEqualsTheInputSortedByAnotherAlgorithm(int size) {
        LongSort.Sorting workload = (LongSort.Sorting) new LongSort().prepare(size);
        long checksum = workload.run();
        workload.verify(checksum);
        List<Long> expected = new ArrayList<>();
        new SplittableRandom(Kernel.SEED).longs(size).forEach(expected::add);
        Collections.sort(expected);
        long[] output = workload.output();
        for (int i = 0; i < size; i++) {
            assertEquals(expected.get(i), output[i], "element " + i);
        }
        assertEquals(checksum, workload.run(), "each run sorts a fresh copy of the same input");
    }

    @Test
    void multisetChecksumIgnoresOrderButNotValues() {
        long[] values = {5, -3, 7, 7};
        assertArrayEquals(LongSort.multisetChecksum(values), LongSort.multisetChecksum(new long[] {7, 5, 7, -3}));
        assertFalse(Arrays.equals(LongSort.multisetChecksum(values), LongSort.multisetChecksum(new long[] {5, -3, 7, 8})));
        assertFalse(Arrays.equals(LongSort.multisetChecksum(values), LongSort.multisetChecksum(new long[] {5, -3, 7})));
    }

    @Test
    void wrongChecksumIsCaught() {
        var workload = new LongSort().prepare(1000);
        long checksum = workload.run();
        assertThrows(VerificationException.class, () -> workload.verify(checksum - 1));
    }

    @Test
    void unsortedOutputIsCaught() {
        LongSort.Sorting workload = (LongSort.Sorting) new LongSort().prepare(1000);
        workload.run();
        long[] output = workload.output();
        long first = output[10];
        output[10] = output[11];
        output[11] = first;
        VerificationException e = assertThrows(VerificationException.class,
                () -> workload.verify(LongSort.checksumOf(output)));
        assertTrue(e.getMessage().contains("not sorted"), e.getMessage());
    }

    @Test
    void sortedOutputWithAChangedValueIsCaught() {
        LongSort.Sorting workload = (LongSort.Sorting) new LongSort().prepare(1000);
        workload.run();
        long[] output = workload.output();
        output[500] = output[499];
        VerificationException e = assertThrows(VerificationException.class,
                () -> workload.verify(LongSort.checksumOf(output)));
        assertTrue(e.getMessage().contains("same values"), e.getMessage());
    }
}
