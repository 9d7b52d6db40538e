package org.envbench.core.memory;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** STREAM Triad, a = b + s * c: GB/s counting 24 bytes per element as STREAM does. */
public final class StreamTriad implements Kernel {

    @Override
    public String name() {
        return "stream-triad";
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
        return new Triad((int) size);
    }

    /** a = b + s * c over b = 2 + k, c = 1 + k; the result a = 5 + 4k. */
    static final class Triad implements Workload {
        final double[] a;
        final double[] b;
        final double[] c;

        Triad(int n) {
            a = StreamValues.filled(n, i -> 1.0 + StreamValues.offset(i));
            b = StreamValues.filled(n, i -> 2.0 + StreamValues.offset(i));
            c = StreamValues.filled(n, i -> 1.0 + StreamValues.offset(i));
        }

        @Override
        public long run() {
            double[] a = this.a;
            double[] b = this.b;
            double[] c = this.c;
            double s = StreamValues.SCALAR;
            for (int i = 0; i < a.length; i++) {
                a[i] = b[i] + s * c[i];
            }
            return StreamValues.sample(a);
        }

        @Override
        public void verify(long checksum) {
            StreamValues.verify("stream-triad", "a", a, checksum, i -> 5.0 + 4.0 * StreamValues.offset(i));
        }

        @Override
        public double workPerRun() {
            return 3.0 * Double.BYTES * a.length;
        }
    }
}
