package org.envbench.jmh.reference;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.envbench.core.Scratch;
import org.envbench.core.SizeOutOfRangeException;
import org.envbench.core.UnknownKernelException;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * Measures one catalog kernel the way STREAM and {@code openssl speed} report their references: after a
 * warm-up, the best of several passes, each pass a span of back-to-back runs of which only the runs
 * themselves are timed (every run is verified, outside the clock). jmh/reference/compare-references.sh
 * runs it beside the C and OpenSSL references.
 *
 * <pre>{@code
 * java -cp jmh/benchmarks.jar org.envbench.jmh.reference.ReferenceRun stream-triad 16777216 10 0 1
 * java -cp jmh/benchmarks.jar org.envbench.jmh.reference.ReferenceRun file-read 4096 5 0 1 /var/tmp
 * }</pre>
 *
 * The optional sixth argument is the scratch folder of the file kernels (default {@code java.io.tmpdir}); their
 * files are removed before the program ends.
 *
 * prints one line {@code RESULT <kernel> <size> <best score> <unit> <implementation>}.
 */
public final class ReferenceRun {

    static final long MAX_EXTRA_WARMUP_NANOS = 10_000_000_000L;

    private ReferenceRun() {
    }

    public static void main(String[] args) {
        if (args.length != 5 && args.length != 6) {
            usage("expected 5 or 6 arguments, got " + args.length);
        }
        try {
            String name = args[0];
            long size = Long.parseLong(args[1]);
            int passes = Integer.parseInt(args[2]);
            double passSeconds = Double.parseDouble(args[3]);
            double warmupSeconds = Double.parseDouble(args[4]);
            if (passes < 1 || passSeconds < 0 || warmupSeconds < 0) {
                usage("passes must be at least 1 and the seconds not negative");
            }
            Kernel kernel = Kernels.byName(name);
            kernel.checkSize(size);
            String implementation = "envbench " + kernel.getClass().getName();
            Path scratch = args.length == 6 ? Path.of(args[5]) : Scratch.defaultFolder();
            double best;
            try (Workload workload = kernel.prepare(size, scratch)) {
                best = measure(kernel, workload, passes, (long) (passSeconds * 1e9), (long) (warmupSeconds * 1e9));
            }
            System.out.printf(Locale.ROOT, "RESULT %s %d %.6f %s %s%n", name, size, best, kernel.unit().symbol(),
                    implementation);
        } catch (NumberFormatException | UnknownKernelException | SizeOutOfRangeException e) {
            usage(e.getMessage());
        } catch (VerificationException e) {
            System.err.println("ReferenceRun: wrong result, no score: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The best pass's score; a pass is at least one run and lasts at least {@code passNanos} of run time.
     * The warm-up lasts at least {@code warmupNanos} and then goes on, for at most {@link #MAX_EXTRA_WARMUP_NANOS},
     * while the JIT is still compiling: on a busy machine the compiler threads lag behind, and a pass timed
     * before the hot loop is compiled would blame the kernel for the machine.
     */
    static double measure(Kernel kernel, Workload workload, int passes, long passNanos, long warmupNanos) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long warmupStart = System.nanoTime();
        long compileMillis = jitTimed ? jit.getTotalCompilationTime() : 0;
        while (true) {
            workload.verify(workload.run());
            long elapsed = System.nanoTime() - warmupStart;
            // settled: no compilation finished during the last run
            boolean settled = true;
            if (jitTimed) {
                long now = jit.getTotalCompilationTime();
                settled = now == compileMillis;
                compileMillis = now;
            }
            if (elapsed >= warmupNanos && (settled || elapsed >= warmupNanos + MAX_EXTRA_WARMUP_NANOS)) {
                break;
            }
        }
        double[] scores = new double[passes];
        for (int pass = 0; pass < passes; pass++) {
            long timedNanos = 0;
            long runs = 0;
            do {
                long start = System.nanoTime();
                long checksum = workload.run();
                timedNanos += System.nanoTime() - start;
                runs++;
                workload.verify(checksum);
            } while (timedNanos < passNanos);
            scores[pass] = kernel.unit().score(workload.workPerRun() * runs, timedNanos);
        }
        return best(scores, kernel.higherIsBetter());
    }

    /** The highest score, or the lowest where lower is better (latency). */
    static double best(double[] scores, boolean higherIsBetter) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        return higherIsBetter ? sorted[sorted.length - 1] : sorted[0];
    }

    private static void usage(String problem) {
        System.err.println("ReferenceRun: " + problem);
        System.err.println("usage: ReferenceRun <kernel> <size> <passes> <seconds per pass> <warm-up seconds>"
                + " [scratch folder]");
        System.err.println("kernels: " + String.join(", ", Kernels.names()));
        System.exit(2);
    }
}
