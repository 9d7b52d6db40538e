package org.envbench.core.memory;

/** STREAM Scale, b = s * c: GB/s counting 16 bytes per element as STREAM does. */
public final class StreamScale extends StreamKernel {

    public StreamScale() {
        super("stream-scale", 2, Scale::new);
    }

    /** b = s * c over c = 1 + k (what Copy leaves in c); the result b = 3 + 3k. */
    static final class Scale extends StreamWorkload {
        final double[] b;
        final double[] c;

        Scale(int n) {
            super("stream-scale", 2, "b", i -> StreamValues.SCALAR * (1.0 + StreamValues.offset(i)));
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
        double[] result() {
            return b;
        }
    }
}
