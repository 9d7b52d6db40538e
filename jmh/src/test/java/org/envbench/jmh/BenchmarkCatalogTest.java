package org.envbench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.envbench.core.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * The JMH suite against the kernel catalog, read from the benchmark list JMH's annotation processor
 * generates (the same list {@code java -jar benchmarks.jar -l} prints).
 */
class BenchmarkCatalogTest {

    private static List<BenchmarkListEntry> benchmarks;

    @BeforeAll
    static void readBenchmarkList() throws IOException {
        try (InputStream in = BenchmarkCatalogTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertNotNull(in, BenchmarkList.BENCHMARK_LIST + " is missing: the JMH annotation processor did not run");
            benchmarks = BenchmarkList.readBenchmarkList(in);
        }
    }

    /** org.envbench.core.cpu.Sha256 is measured by org.envbench.jmh.cpu.Sha256Bench. */
    static String benchClassOf(Kernel kernel) {
        return "org.envbench.jmh." + kernel.resource().label() + "." + kernel.getClass().getSimpleName() + "Bench";
    }

    /** Every kernel is measured by the one method its class inherits from KernelBench, under one name. */
    @Test
    void everyKernelOfTheCatalogHasABenchmark() {
        Set<String> names = benchmarks.stream().map(BenchmarkListEntry::getUsername)
                .collect(Collectors.toCollection(TreeSet::new));
        for (Kernel kernel : Kernels.all()) {
            String expected = benchClassOf(kernel) + ".run";
            assertTrue(names.contains(expected), "kernel " + kernel.name() + " has no benchmark " + expected
                    + " (a KernelBench subclass " + benchClassOf(kernel) + "); found " + names);
        }
    }

    /** Besides each kernel's run, only baselines: methods that measure a part of a run, never a kernel. */
    @Test
    void everyOtherBenchmarkIsABaseline() {
        for (BenchmarkListEntry entry : benchmarks) {
            String method = entry.getUsername().substring(entry.getUsername().lastIndexOf('.') + 1);
            assertTrue(method.equals("run") || method.equals("baseline"), entry.getUsername()
                    + ": a kernel is measured by KernelBench.run, anything beside it must be named baseline so that"
                    + " per-kernel tables (analysis, compare's kernels.csv) can leave it out");
        }
    }

    @Test
    void everyBenchmarkClassMeasuresACatalogKernel() {
        Set<String> expected = Kernels.all().stream().map(BenchmarkCatalogTest::benchClassOf).collect(Collectors.toSet());
        for (BenchmarkListEntry entry : benchmarks) {
            assertTrue(expected.contains(entry.getUserClassQName()),
                    entry.getUsername() + " belongs to no kernel of the catalog " + Kernels.names());
        }
    }

    @Test
    void sizesAreWithinTheKernelsRangeAndIncludeItsDefault() {
        for (Kernel kernel : Kernels.all()) {
            List<BenchmarkListEntry> entries = benchmarks.stream()
                    .filter(e -> e.getUserClassQName().equals(benchClassOf(kernel))).collect(Collectors.toList());
            assertFalse(entries.isEmpty(), "no benchmark for " + kernel.name());
            for (BenchmarkListEntry entry : entries) {
                Map<String, String[]> params = entry.getParams().orElse(Map.of());
                assertTrue(params.containsKey("size"), entry.getUsername() + " has no @Param size");
                long[] sizes = Arrays.stream(params.get("size")).mapToLong(Long::parseLong).toArray();
                for (long size : sizes) {
                    assertTrue(size >= kernel.minSize() && size <= kernel.maxSize(), entry.getUsername() + " size "
                            + size + " is outside " + kernel.name() + "'s range " + kernel.minSize() + ".." + kernel.maxSize());
                }
                assertTrue(Arrays.stream(sizes).anyMatch(s -> s == kernel.defaultSize()), entry.getUsername()
                        + " does not measure " + kernel.name() + "'s default size " + kernel.defaultSize()
                        + ", so its figures cannot be set beside the HTTP ones; sizes: " + Arrays.toString(sizes));
            }
        }
    }

    /**
     * A wrong result must fail the run: every bench prepares once per trial and verifies after every iteration,
     * here in their shared base KernelBench.
     */
    @Test
    void everyBenchPreparesPerTrialAndVerifiesPerIteration() throws ClassNotFoundException {
        for (Kernel kernel : Kernels.all()) {
            Class<?> bench = Class.forName(benchClassOf(kernel));
            boolean prepares = false;
            boolean verifies = false;
            for (Method method : bench.getMethods()) {
                Setup setup = method.getAnnotation(Setup.class);
                TearDown tearDown = method.getAnnotation(TearDown.class);
                prepares |= setup != null && setup.value() == Level.Trial;
                verifies |= tearDown != null && tearDown.value() == Level.Iteration && method.getName().equals("verify");
            }
            assertTrue(prepares, bench.getName() + " has no @Setup(Level.Trial)");
            assertTrue(verifies, bench.getName() + " has no verify() @TearDown(Level.Iteration)");
        }
    }

    @Test
    void harnessSettingsAreWrittenOnTheClass() {
        for (BenchmarkListEntry entry : benchmarks) {
            assertTrue(entry.getForks().hasValue(), entry.getUsername() + " has no @Fork");
            assertTrue(entry.getWarmupIterations().hasValue(), entry.getUsername() + " has no @Warmup");
            assertTrue(entry.getMeasurementIterations().hasValue(), entry.getUsername() + " has no @Measurement");
            assertTrue(entry.getTimeUnit().hasValue(), entry.getUsername() + " has no @OutputTimeUnit");
            List<String> jvmArgs = List.copyOf(entry.getJvmArgsAppend().orElse(List.of()));
            String xms = jvmArgs.stream().filter(a -> a.startsWith("-Xms")).findFirst().orElse("none");
            String xmx = jvmArgs.stream().filter(a -> a.startsWith("-Xmx")).findFirst().orElse("none");
            assertEquals(xms.substring(4), xmx.substring(4),
                    entry.getUsername() + " must pin the heap (-Xms equal to -Xmx) in @Fork, has " + jvmArgs);
        }
    }

    /**
     * The heap comes from the nearest @Fork in the class hierarchy: 1 GiB from KernelBench for the cpu and memory
     * kernels, 256 MiB from SystemKernelBench for the others, with KernelBench's three forks in both.
     */
    @Test
    void cpuAndMemoryBenchmarksGetAGibibyteAndSystemOnesAQuarter() {
        for (Kernel kernel : Kernels.all()) {
            boolean system = kernel.resource() != Resource.CPU && kernel.resource() != Resource.MEMORY;
            List<String> expected = system ? List.of("-Xms256m", "-Xmx256m") : List.of("-Xms1g", "-Xmx1g");
            for (BenchmarkListEntry entry : benchmarks) {
                if (entry.getUserClassQName().equals(benchClassOf(kernel))) {
                    assertEquals(expected, List.copyOf(entry.getJvmArgsAppend().orElse(List.of())), entry.getUsername());
                    assertEquals(3, entry.getForks().orElse(-1), entry.getUsername());
                }
            }
        }
    }
}
