package org.envbench.core.memory;

/** STREAM Copy, c = a: GB/s counting 16 bytes per element as STREAM does. */
public final class StreamCopy extends StreamKernel {

    public StreamCopy() {
        super("stream-copy", 2, Copy::new);
    }

    /** c = a over a = 1 + k; the result c = 1 + k does not depend on how often it ran. */
    static final class Copy extends StreamWorkload {
        final double[] a;
        final double[] c;

        Copy(int n) {
            super("stream-copy", 2, "c", i -> 1.0 + StreamValues.offset(i));
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
        double[] result() {
            return c;
        }
    }
}
