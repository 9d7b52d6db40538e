package org.envbench.core.memory;

/** STREAM Add, c = a + b: GB/s counting 24 bytes per element as STREAM does. */
public final class StreamAdd extends StreamKernel {

    public StreamAdd() {
        super("stream-add", 3, Add::new);
    }

    /** c = a + b over a = 1 + k, b = 2 + k; the result c = 3 + 2k. */
    static final class Add extends StreamWorkload {
        final double[] a;
        final double[] b;
        final double[] c;

        Add(int n) {
            super("stream-add", 3, "c", i -> 3.0 + 2.0 * StreamValues.offset(i));
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
        double[] result() {
            return c;
        }
    }
}
