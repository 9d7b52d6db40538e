package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.envbench.http.env.Budget;
import org.envbench.http.load.LoadMode;
import org.envbench.http.results.LatencyRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestration against test environments with known scores: schema, ratios, faults, skips. */
class ComparisonTest {

    private static final Budget BUDGET = new Budget(1, 1L << 30,
            List.of("-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1", "-XX:MaxRAM=1073741824"), "1");
    private static final Profile PROFILE = new ProfileBuilder().kernel("sha256", 1024L).kernel("alloc", 4096L)
            .rounds(3, 2).iterations(3).warmupRuns(1).openLoopShare(0.5).build();

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<LoadStep.Request> loadRequests = new ArrayList<>();
    private Profile profile = PROFILE;

    private int compare(Path dir, List<EnvironmentUnderTest> slots) throws IOException {
        LoadStep load = new LoadStep() {
            @Override
            public LatencyRow run(Request request) {
                loadRequests.add(request);
                boolean closed = request.mode() == LoadMode.CLOSED;
                double rate = closed ? 400 : request.ratePerSecond();
                return new LatencyRow(request.env(), request.kernel(), request.size(), request.mode().csvName(),
                        closed ? Double.NaN : request.ratePerSecond(), closed ? request.connections() : 0, rate, 1.0,
                        (long) rate, 0, 1.5, 2.0, 3.0, 4.0, 5.0, 1.6);
            }

            @Override
            public void close() {
            }
        };
        Comparison.Settings settings = new Comparison.Settings(dir.getFileName().toString(), dir, profile, true,
                false, "0", Map.of("git_commit", "none", "command_line", "test", "compare_args", List.of(),
                "options", Map.of()), false, true, 0, Duration.ZERO);
        return new Comparison(settings, slots, load, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void writesSchemaValidFolderWithKnownRatios(@TempDir Path dir) throws IOException {
        FakeEnvironment bare = FakeEnvironment.scoring("bare", 1.0);
        FakeEnvironment half = FakeEnvironment.scoring("container", 0.5);
        int status = compare(dir, List.of(new EnvironmentUnderTest("bare", bare, BUDGET, Duration.ofSeconds(5)),
                new EnvironmentUnderTest("container", half, BUDGET, Duration.ofSeconds(5))));

        assertEquals(0, status, stderr.toString(StandardCharsets.UTF_8));
        ResultsFolderCheck results = ResultsFolderCheck.of(dir);
        results.assertWhole("bare", PROFILE.onlyKernels(List.of("sha256")));
        results.assertWhole("container", PROFILE.onlyKernels(List.of("sha256")));
        assertEquals(0, results.httpRows("bare", "alloc"), "a refused kernel gives no rows");
        assertTrue(results.run.get("notes").toString().contains("alloc"), "the refusal is noted");
        Map<String, String> containerRatio = results.summary.stream()
                .filter(r -> r.get("env").equals("container")).findFirst().orElseThrow();
        assertEquals(0.5, Double.parseDouble(containerRatio.get("ratio_to_bare")), 1e-9);
        assertTrue(Double.parseDouble(containerRatio.get("ratio_low")) <= 0.5
                && Double.parseDouble(containerRatio.get("ratio_high")) >= 0.5, containerRatio.toString());
        assertEquals("vm", results.environment("bare").get("kind"));
        assertEquals("41943040", results.environment("bare").get("idle_rss_bytes"));
        assertEquals("50000000", results.environment("bare").get("host_rss_bytes"));
        assertEquals(4, results.latency.size(), "closed and open loop for each environment");
        assertEquals(200.0, loadRequests.get(3).ratePerSecond(), 1e-9, "open loop at half of bare's closed rate");
        assertEquals("0", loadRequests.get(0).loadCpuset());
        assertTrue(bare.closed && half.closed, "every environment is stopped");
        String summary = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("host (itself a VM) vs +1 layer"), summary);
        assertTrue(!summary.contains("bare metal"), summary);
        // Both fakes vary alike from run to run (100, 101, 102 x their factor): pairing leaves the exact ratio.
        assertTrue(summary.contains("0.500 [0.500, 0.500] *"), summary);
    }

    @Test
    void everyForkLaunchesEveryEnvironmentAfreshAndItsRunsCarryTheFork(@TempDir Path dir) throws IOException {
        FakeEnvironment bare = FakeEnvironment.scoring("bare", 1.0);
        FakeEnvironment half = FakeEnvironment.scoring("container", 0.5);
        profile = PROFILE.withForks(3);
        int status = compare(dir, List.of(new EnvironmentUnderTest("bare", bare, BUDGET, Duration.ofSeconds(5)),
                new EnvironmentUnderTest("container", half, BUDGET, Duration.ofSeconds(5))));

        assertEquals(0, status, stderr.toString(StandardCharsets.UTF_8));
        assertEquals(3, bare.starts.get());
        assertEquals(3, half.starts.get());
        ResultsFolderCheck results = ResultsFolderCheck.of(dir);
        results.assertWhole("container", profile.onlyKernels(List.of("sha256")));
        assertEquals(List.of("1", "2", "3"), results.environments.stream().filter(r -> r.get("env").equals("bare"))
                .map(r -> r.get("fork")).toList(), "one environments.csv row per fork");
        assertEquals(java.util.Set.of("1", "2", "3"), results.kernels.stream().map(r -> r.get("fork"))
                .collect(java.util.stream.Collectors.toSet()));
        Map<String, String> container = results.summary.stream().filter(r -> r.get("env").equals("container"))
                .findFirst().orElseThrow();
        assertEquals("3", container.get("forks"));
        assertEquals(0.5, Double.parseDouble(container.get("ratio_to_bare")), 1e-9);
        assertEquals("complete", results.run.get("status").asText());
    }

    @Test
    void aForkThatFailsToStartFailsTheEnvironmentAndKeepsTheForksBefore(@TempDir Path dir) throws IOException {
        FakeEnvironment bare = FakeEnvironment.scoring("bare", 1.0);
        FakeEnvironment flaky = FakeEnvironment.scoringUntilStart("container", 0.5, 2);
        profile = PROFILE.withForks(2);
        int status = compare(dir, List.of(new EnvironmentUnderTest("bare", bare, BUDGET, Duration.ofSeconds(5)),
                new EnvironmentUnderTest("container", flaky, BUDGET, Duration.ofSeconds(5))));

        assertEquals(1, status);
        ResultsFolderCheck results = ResultsFolderCheck.of(dir);
        List<Map<String, String>> rows = results.environments.stream().filter(r -> r.get("env").equals("container"))
                .toList();
        assertEquals(List.of("ok", "failed"), rows.stream().map(r -> r.get("status")).toList());
        assertTrue(rows.get(1).get("failure_reason").startsWith("fork 2: did not start"), rows.toString());
        Map<String, String> container = results.summary.stream().filter(r -> r.get("env").equals("container"))
                .findFirst().orElseThrow();
        assertEquals("1", container.get("forks"), "the ratio rests on the fork that ran");
        assertEquals(0.5, Double.parseDouble(container.get("ratio_to_bare")), 1e-9);
        results.assertWhole("bare", PROFILE.withForks(2).onlyKernels(List.of("sha256")));
    }

    @Test
    void environmentDyingMidRunIsRecordedAndTheOthersStayWhole(@TempDir Path dir) throws IOException {
        FakeEnvironment bare = FakeEnvironment.scoring("bare", 1.0);
        FakeEnvironment dying = FakeEnvironment.dyingAfter("container", 3);
        FakeEnvironment neverStarts = FakeEnvironment.failingToStart("vm");
        int status = compare(dir, List.of(new EnvironmentUnderTest("bare", bare, BUDGET, Duration.ofSeconds(5)),
                new EnvironmentUnderTest("container", dying, BUDGET, Duration.ofSeconds(5)),
                new EnvironmentUnderTest("vm", neverStarts, BUDGET, Duration.ofSeconds(5))));

        assertEquals(1, status, "a failed environment makes the exit status 1");
        ResultsFolderCheck results = ResultsFolderCheck.of(dir);
        assertEquals("ok", results.environment("bare").get("status"));
        assertEquals("failed", results.environment("container").get("status"));
        assertTrue(results.environment("container").get("failure_reason").contains("round"),
                results.environment("container").toString());
        assertEquals("failed", results.environment("vm").get("status"));
        assertTrue(results.environment("vm").get("failure_reason").contains("told not to start"));
        results.assertWhole("bare", PROFILE.onlyKernels(List.of("sha256")));
        assertTrue(results.httpRows("container", "sha256") < PROFILE.samplesPerPoint());
        assertTrue(results.latency.stream().allMatch(r -> r.get("env").equals("bare")));
        assertTrue(bare.closed && dying.closed && neverStarts.closed, "every environment is stopped");
    }

    @Test
    void skippedEnvironmentIsListedWithItsReason(@TempDir Path dir) throws IOException {
        FakeEnvironment bare = FakeEnvironment.scoring("bare", 1.0);
        int status = compare(dir, List.of(new EnvironmentUnderTest("bare", bare, BUDGET, Duration.ofSeconds(5)),
                EnvironmentUnderTest.skipped("vm", BUDGET, "no qemu-system-x86_64 on PATH", false)));

        assertEquals(0, status, "an environment skipped by default is not a failure");
        ResultsFolderCheck results = ResultsFolderCheck.of(dir);
        assertEquals("skipped", results.environment("vm").get("status"));
        assertEquals("no qemu-system-x86_64 on PATH", results.environment("vm").get("failure_reason"));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("skipping vm: no qemu-system-x86_64 on PATH"));
    }

    @Test
    void namedEnvironmentThatCannotRunMakesStatusOne(@TempDir Path dir) throws IOException {
        FakeEnvironment bare = FakeEnvironment.scoring("bare", 1.0);
        int status = compare(dir, List.of(new EnvironmentUnderTest("bare", bare, BUDGET, Duration.ofSeconds(5)),
                EnvironmentUnderTest.skipped("vm", BUDGET, "no qemu", true)));
        assertEquals(1, status);
    }
}
