package org.envbench.core.memory;

import org.envbench.core.Workload;

/** STREAM Triad, a = b + s * c: GB/s counting 24 bytes per element as STREAM does. */
public final class StreamTriad extends StreamKernel {

    public StreamTriad() {
        super("stream-triad", 3);
    }

    @Override
    Workload arrays(int elements) {
        return new Triad(elements);
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
