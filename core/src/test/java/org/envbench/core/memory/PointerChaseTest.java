package org.envbench.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.envbench.core.KernelRunner;
import org.envbench.core.RunResult;
import org.envbench.core.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PointerChaseTest {

    @ParameterizedTest
    @ValueSource(longs = {4096, 4096 + 63, 65_536, 1 << 20})
    void theChainIsOneCycleThroughEveryCacheLine(long sizeBytes) {
        PointerChase.Chain chain = (PointerChase.Chain) new PointerChase().prepare(sizeBytes);
        int nodes = (int) (sizeBytes / 64);
        assertEquals(nodes, chain.nodes);
        assertEquals(nodes * 16, chain.chain.length);
        // an independent walk: every node once, back at the start after exactly `nodes` steps
        BitSet seen = new BitSet();
        int slot = 0;
        int steps = 0;
        do {
            assertEquals(0, slot % 16, "slots point at the first int of a 64-byte node");
            assertTrue(!seen.get(slot / 16), "node " + slot / 16 + " visited twice");
            seen.set(slot / 16);
            slot = chain.chain[slot];
            steps++;
        } while (slot != 0 && steps <= nodes);
        assertEquals(nodes, steps);
        assertEquals(nodes, seen.cardinality());

        long end = chain.run();
        assertEquals(0, end);
        chain.verify(end);
        assertEquals(nodes, chain.workPerRun());
    }

    @Test
    void theChainIsRandomNotSequential() {
        int[] chain = PointerChase.randomCycle(4096);
        int nextLine = 0;
        for (int node = 0; node < 4096; node++) {
            if (chain[node * 16] == (node + 1) * 16) {
                nextLine++;
            }
        }
        assertTrue(nextLine < 40, nextLine + " of 4096 steps go to the next line; a random chain has about 1");
    }

    @Test
    void theChainIsTheSameForTheSameSize() {
        assertEquals(java.util.Arrays.hashCode(PointerChase.randomCycle(1000)),
                java.util.Arrays.hashCode(PointerChase.randomCycle(1000)));
    }

    /**
     * jmh/reference/chase.c rebuilds the chain with a copy of java.util.Random; it prints this FNV-1a hash
     * for {@code chase 65536 1}. If the Java chain changes, the C reference must change with it.
     */
    @Test
    void theChainIsTheOneTheCReferenceBuilds() {
        int[] chain = PointerChase.randomCycle(65_536 / 64);
        long hash = 0xcbf29ce484222325L;
        for (int node = 0; node < chain.length / 16; node++) {
            hash = (hash ^ (chain[node * 16] & 0xffffffffL)) * 0x100000001b3L;
        }
        assertEquals("7fe88c94e4853985", Long.toHexString(hash));
    }

    @Test
    void aChainOfTwoCyclesIsRejected() {
        // two cycles of two nodes each: 0 -> 1 -> 0 and 2 -> 3 -> 2. A run of 4 steps from slot 0 ends at
        // slot 0 as a full cycle would, so only the single-cycle check can tell.
        int[] twoCycles = new int[4 * 16];
        twoCycles[0] = 16;
        twoCycles[16] = 0;
        twoCycles[32] = 48;
        twoCycles[48] = 32;
        PointerChase.Chain chain = new PointerChase.Chain(twoCycles);
        assertEquals(0, chain.run());
        VerificationException e = assertThrows(VerificationException.class, chain::checkSingleCycle);
        assertTrue(e.getMessage().contains("one cycle"), e.getMessage());
    }

    @Test
    void aBrokenLinkIsCaught() {
        PointerChase.Chain chain = (PointerChase.Chain) new PointerChase().prepare(8192);
        int[] links = chain.chain;
        int victim = links[0];
        links[victim] = victim; // a self-loop: the run gets stuck on that node
        long end = chain.run();
        assertThrows(VerificationException.class, () -> chain.verify(end));
        assertThrows(VerificationException.class, chain::checkSingleCycle);

        PointerChase.Chain misaligned = new PointerChase.Chain(new int[2 * 16]);
        misaligned.chain[0] = 5;
        assertThrows(VerificationException.class, misaligned::checkSingleCycle);
    }

    @Test
    void aWrongEndIsCaught() {
        PointerChase.Chain chain = (PointerChase.Chain) new PointerChase().prepare(4096);
        assertThrows(VerificationException.class, () -> chain.verify(16));
    }

    @Test
    void theRunnerScoresNanosPerLoad() {
        RunResult result = KernelRunner.run(new PointerChase(), 1 << 16, 3);
        assertEquals("ns/load", result.unit());
        assertTrue(result.score() > 0);
        assertEquals(0, result.checksum());
    }
}
