package org.envbench.core.memory;

/** STREAM Triad, a = b + s * c: GB/s counting 24 bytes per element as STREAM does. */
public final class StreamTriad extends StreamKernel {

    public StreamTriad() {
        super("stream-triad", 3, Triad::new);
    }

    /** a = b + s * c over b = 2 + k, c = 1 + k; the result a = 5 + 4k. */
    static final class Triad extends StreamWorkload {
        final double[] a;
        final double[] b;
        final double[] c;

        Triad(int n) {
            super("stream-triad", 3, "a", i -> 5.0 + 4.0 * StreamValues.offset(i));
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
        double[] result() {
            return a;
        }
    }
}
