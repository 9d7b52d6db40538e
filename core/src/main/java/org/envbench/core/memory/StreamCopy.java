package org.envbench.core.memory;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** STREAM Copy, c = a: GB/s counting 16 bytes per element as STREAM does. */
public final class StreamCopy implements Kernel {

    @Override
    public String name() {
        return "stream-copy";
    }

    @Override
    public Resource resource() {
        return Resource.MEMORY;
    }

    @Override
    public ScoreUnit unit() {
        return ScoreUnit.GIGABYTES_PER_SECOND;
    }

    @Override
    public String sizeMeaning() {
        return "elements per double array";
    }

    @Override
    public long defaultSize() {
        return 4_000_000L;
    }

    @Override
    public long minSize() {
        return 1L;
    }

    @Override
    public long maxSize() {
        return 268_435_456L;
    }

    @Override
    public long memoryBytes(long size) {
        return 2 * size * Double.BYTES;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        return new Copy((int) size);
    }

    /** c = a over a = 1 + k; the result c = 1 + k does not depend on how often it ran. */
    static final class Copy implements Workload {
        final double[] a;
        final double[] c;

        Copy(int n) {
            a = StreamValues.filled(n, i -> 1.0 + StreamValues.offset(i));
            c = new double[n];
        }

        @Override
        public long run() {
            double[] a = this.a;
            double[] c = this.c;
            for (int i = 0; i < c.length; i++) {
                c[i] = a[i];
            }
            return StreamValues.sample(c);
        }

        @Override
        public void verify(long checksum) {
            StreamValues.verify("stream-copy", "c", c, checksum, i -> 1.0 + StreamValues.offset(i));
        }

        @Override
        public double workPerRun() {
            return 2.0 * Double.BYTES * c.length;
        }
    }
}
