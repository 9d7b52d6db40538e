package org.envbench.core.memory;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** STREAM Add, c = a + b: GB/s counting 24 bytes per element as STREAM does. */
public final class StreamAdd implements Kernel {

    @Override
    public String name() {
        return "stream-add";
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
        return 178_956_970L;
    }

    @Override
    public long memoryBytes(long size) {
        return 3 * size * Double.BYTES;
    }

    @Override
    public Workload prepare(long size) {
        checkSize(size);
        return new Add((int) size);
    }

    /** c = a + b over a = 1 + k, b = 2 + k; the result c = 3 + 2k. */
    static final class Add implements Workload {
        final double[] a;
        final double[] b;
        final double[] c;

        Add(int n) {
            a = StreamValues.filled(n, i -> 1.0 + StreamValues.offset(i));
            b = StreamValues.filled(n, i -> 2.0 + StreamValues.offset(i));
            c = new double[n];
        }

        @Override
        public long run() {
            double[] a = this.a;
            double[] b = this.b;
            double[] c = this.c;
            for (int i = 0; i < c.length; i++) {
                c[i] = a[i] + b[i];
            }
            return StreamValues.sample(c);
        }

        @Override
        public void verify(long checksum) {
            StreamValues.verify("stream-add", "c", c, checksum, i -> 3.0 + 2.0 * StreamValues.offset(i));
        }

        @Override
        public double workPerRun() {
            return 3.0 * Double.BYTES * c.length;
        }
    }
}
