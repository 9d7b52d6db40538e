package org.envbench.core.memory;

import java.util.BitSet;
import java.util.Random;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * Dependent loads along a random cyclic chain over a working set: ns per load. Each load's address comes
 * from the previous load, so neither the out-of-order core nor a prefetcher can overlap them; the working
 * set is size bytes of 64-byte nodes (a size that is not a multiple of 64 is rounded down).
 */
public final class PointerChase extends AbstractKernel {

    /** One node per 64-byte cache line, so that every load of the chase touches a new line. */
    static final int NODE_BYTES = 64;
    static final int INTS_PER_NODE = NODE_BYTES / Integer.BYTES;

    private static final KernelSpec SPEC = KernelSpec.of("latency", Resource.MEMORY, ScoreUnit.NANOS_PER_LOAD,
                    "working-set bytes, chased as a random cyclic pointer chain")
            .sizes(4096L, 64L * 1024 * 1024L, 2048L * 1024 * 1024L)
            // the chain, plus the visited marks of the single-cycle check
            .memoryBytes(size -> size + size / (NODE_BYTES * 8) + 65_536);

    public PointerChase() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        Chain chain = new Chain(randomCycle(Math.toIntExact(size / NODE_BYTES)));
        chain.checkSingleCycle();
        return chain;
    }

    /**
     * A random cyclic chain over {@code nodes} cache-line nodes by Sattolo's algorithm, which yields one
     * cycle through every node (a plain Fisher-Yates shuffle would give several shorter ones). The slot at
     * {@code node * INTS_PER_NODE} holds the array index of the next node's slot, so a step is one load.
     */
    static int[] randomCycle(int nodes) {
        int[] chain = new int[nodes * INTS_PER_NODE];
        for (int node = 0; node < nodes; node++) {
            chain[node * INTS_PER_NODE] = node;
        }
        Random random = new Random(SEED);
        for (int i = nodes - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int slotI = i * INTS_PER_NODE;
            int slotJ = j * INTS_PER_NODE;
            int swap = chain[slotI];
            chain[slotI] = chain[slotJ];
            chain[slotJ] = swap;
        }
        for (int node = 0; node < nodes; node++) {
            chain[node * INTS_PER_NODE] *= INTS_PER_NODE;
        }
        return chain;
    }

    /** A prepared chain; a run starts at slot 0 and takes exactly one step per node. */
    static final class Chain implements Workload {
        final int[] chain;
        final int nodes;

        Chain(int[] chain) {
            this.chain = chain;
            this.nodes = chain.length / INTS_PER_NODE;
        }

        /**
         * The independent reference: walks the chain with a visited mark per node and proves it is one cycle
         * through all nodes, so that a run of {@code nodes} steps from slot 0 must end at slot 0 and touch
         * every line once.
         */
        void checkSingleCycle() {
            BitSet visited = new BitSet(nodes);
            int slot = 0;
            for (int step = 0; step < nodes; step++) {
                if (slot < 0 || slot >= chain.length || slot % INTS_PER_NODE != 0) {
                    throw new VerificationException("latency: step " + step + " leads to slot " + slot
                            + ", which is not the start of a node in a chain of " + nodes + " nodes");
                }
                int node = slot / INTS_PER_NODE;
                if (visited.get(node)) {
                    throw new VerificationException("latency: the chain returns to node " + node + " after "
                            + step + " steps, but one cycle must pass all " + nodes + " nodes");
                }
                visited.set(node);
                slot = chain[slot];
            }
            if (slot != 0) {
                throw new VerificationException("latency: after " + nodes + " steps the chain is at slot "
                        + slot + ", not back at slot 0");
            }
        }

        @Override
        public long run() {
            int[] chain = this.chain;
            int slot = 0;
            for (int step = 0; step < nodes; step++) {
                slot = chain[slot];
            }
            return slot;
        }

        @Override
        public void verify(long checksum) {
            if (checksum != 0) {
                throw new VerificationException("latency: the run ended at slot " + checksum + " but one full"
                        + " cycle of " + nodes + " nodes must end where it started, at slot 0");
            }
        }

        @Override
        public double workPerRun() {
            return nodes;
        }
    }
}
