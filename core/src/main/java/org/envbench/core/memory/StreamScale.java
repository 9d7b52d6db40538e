package org.envbench.core.memory;

import org.envbench.core.Kernel;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.Workload;

/** STREAM Scale, b = s * c: GB/s counting 16 bytes per element as STREAM does. */
public final class StreamScale implements Kernel {

    @Override
    public String name() {
        return "stream-scale";
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
        return new Scale((int) size);
    }

    /** b = s * c over c = 1 + k (what Copy leaves in c); the result b = 3 + 3k. */
    static final class Scale implements Workload {
        final double[] b;
        final double[] c;

        Scale(int n) {
            b = StreamValues.filled(n, i -> 2.0 + StreamValues.offset(i));
            c = StreamValues.filled(n, i -> 1.0 + StreamValues.offset(i));
        }

        @Override
        public long run() {
            double[] b = this.b;
            double[] c = this.c;
            double s = StreamValues.SCALAR;
            for (int i = 0; i < b.length; i++) {
                b[i] = s * c[i];
            }
            return StreamValues.sample(b);
        }

        @Override
        public void verify(long checksum) {
            StreamValues.verify("stream-scale", "b", b, checksum,
                    i -> StreamValues.SCALAR * (1.0 + StreamValues.offset(i)));
        }

        @Override
        public double workPerRun() {
            return 2.0 * Double.BYTES * b.length;
        }
    }
}
