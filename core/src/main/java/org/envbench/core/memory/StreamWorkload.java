package org.envbench.core.memory;

import java.util.function.IntToDoubleFunction;

import org.envbench.core.Workload;

/**
 * What the four STREAM workloads share outside their timed loop: the check of the array the loop writes against its
 * analytic values, and the work of one run, the bytes STREAM counts (8 for every element of every array the loop
 * touches). A workload gives its loop, {@link #run()}, and the array it writes, {@link #result()}.
 */
abstract class StreamWorkload implements Workload {

    private final String kernel;
    private final int arrays;
    private final String resultName;
    private final IntToDoubleFunction expected;

    /**
     * @param arrays     the arrays one pass reads or writes
     * @param resultName the name of the array it writes, for messages
     * @param expected   element i of that array after a run
     */
    StreamWorkload(String kernel, int arrays, String resultName, IntToDoubleFunction expected) {
        this.kernel = kernel;
        this.arrays = arrays;
        this.resultName = resultName;
        this.expected = expected;
    }

    /** The array the timed loop writes. */
    abstract double[] result();

    @Override
    public final void verify(long checksum) {
        StreamValues.verify(kernel, resultName, result(), checksum, expected);
    }

    @Override
    public final double workPerRun() {
        return arrays * (double) Double.BYTES * result().length;
    }
}
