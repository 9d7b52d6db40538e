package org.envbench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the generated benchmarks for real, in this JVM (no fork) and briefly: what KernelBench gives every subclass
 * (prepare from {@code @Param size}, {@code run}, verify, close) works for a cpu kernel and for a system kernel with
 * files, a wrong result fails the benchmark, and the sort baseline, which never calls {@code run}, is not failed
 * by the verification.
 */
class KernelBenchRunTest {

    /**
     * java.io.tmpdir for the whole class, set before JMH's Runner is loaded: the trial's scratch files and JMH's
     * lock file (which Runner reads once, in a static field) go here, so these runs neither wait for nor block a
     * measurement's JMH on this machine, and what a trial leaves behind can be seen.
     */
    @TempDir
    static Path tmp;
    private static String tmpdir;

    @BeforeAll
    static void useOwnTmpdir() {
        tmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterAll
    static void restoreTmpdir() {
        System.setProperty("java.io.tmpdir", tmpdir);
    }

    private static Collection<RunResult> run(String include, String size) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(include)
                .param("size", size)
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        return new Runner(options).run();
    }

    private static Map<String, Double> scores(Collection<RunResult> results) {
        Map<String, Double> scores = new TreeMap<>();
        for (RunResult result : results) {
            scores.put(result.getParams().getBenchmark(), result.getPrimaryResult().getScore());
        }
        return scores;
    }

    @Test
    void aCpuKernelRunsAndIsVerified() throws RunnerException {
        Map<String, Double> scores = scores(run("org\\.envbench\\.jmh\\.cpu\\.Sha256Bench\\.run$", "1024"));
        assertEquals(List.of("org.envbench.jmh.cpu.Sha256Bench.run"), List.copyOf(scores.keySet()));
        assertTrue(scores.values().iterator().next() > 0, scores.toString());
    }

    @Test
    void aSystemKernelRunsAndRemovesItsFiles() throws RunnerException, IOException {
        List<String> before = scratchFolders();
        Map<String, Double> scores = scores(run("org\\.envbench\\.jmh\\.io\\.FileReadBench\\.run$", "16"));
        assertEquals(List.of("org.envbench.jmh.io.FileReadBench.run"), List.copyOf(scores.keySet()));
        assertTrue(scores.values().iterator().next() > 0, scores.toString());
        assertEquals(before, scratchFolders(), "scratch folders left after the trial");
    }

    /** The scratch folders in this class's java.io.tmpdir (a failed trial, below, may leave its own). */
    private static List<String> scratchFolders() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(Path::getFileName).map(Path::toString).filter(name -> name.startsWith("envbench-"))
                    .sorted().toList();
        }
    }

    /**
     * The verification really runs inside JMH: a thread damages the first block of file-read's file as soon as
     * the trial has written it, so the runs read other bytes than the file's formula gives, and the iteration's
     * verify must fail the benchmark.
     */
    @Test
    void aWrongResultFailsTheBenchmark() throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        Thread damage = new Thread(() -> {
            ByteBuffer garbage = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            while (!done.get()) {
                try (Stream<Path> folders = Files.list(tmp)) {
                    for (Path folder : folders.filter(p -> p.getFileName().toString().startsWith("envbench-file-read-"))
                            .toList()) {
                        Path data = folder.resolve("data");
                        if (Files.size(data) == 16L * 65_536) {
                            try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
                                channel.write(garbage.clear(), 0);
                            }
                        }
                    }
                } catch (IOException e) {
                    // the folder or file is not there (yet, or any more): look again
                }
                LockSupport.parkNanos(1_000_000);
            }
        });
        damage.start();
        try {
            RunnerException failed = assertThrows(RunnerException.class,
                    () -> run("org\\.envbench\\.jmh\\.io\\.FileReadBench\\.run$", "16"));
            assertTrue(stackOf(failed).contains("VerificationException"), stackOf(failed));
        } finally {
            done.set(true);
            damage.join();
        }
    }

    private static String stackOf(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void theBaselineAloneIsNotVerifiedAsASort() throws RunnerException {
        Map<String, Double> scores = scores(run("org\\.envbench\\.jmh\\.cpu\\.LongSortBench\\.baseline$", "2048"));
        assertEquals(List.of("org.envbench.jmh.cpu.LongSortBench.baseline"), List.copyOf(scores.keySet()));
        assertTrue(scores.values().iterator().next() > 0, scores.toString());
    }
}
