package org.envbench.core.memory;

import org.envbench.core.Workload;

/** STREAM Copy, c = a: GB/s counting 16 bytes per element as STREAM does. */
public final class StreamCopy extends StreamKernel {

    public StreamCopy() {
        super("stream-copy", 2);
    }

    @Override
    Workload arrays(int elements) {
        return new Copy(elements);
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
