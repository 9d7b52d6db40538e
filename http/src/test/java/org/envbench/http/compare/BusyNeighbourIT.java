package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.envbench.http.results.Summary;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two busy loops beside a whole compare run: they are no process of the measured environment nor of compare, so
 * every turn must show them in {@code outside_cpu_share} and the summary must call the run disturbed. Unpinned, the
 * loops take whichever CPU is free; on 2 CPUs beside the server's kernel they hold at least a CPU between them through
 * every turn, half the machine, far over the {@value Summary#DISTURBED_SHARE} flag even in a turn of 50 ms. (With
 * one loop and a meter that counted whole clock ticks, one turn in a hundred came out under the flag.) Nothing is
 * asserted about a quiet run here: this machine is shared, and the unit tests (InterferenceMeterTest,
 * RatioIntervalTest) pin the quiet side.
 */
@Tag("environments")
class BusyNeighbourIT {

    @Test
    void busyLoopsBesideTheRunShowInEveryTurnAndTheSummary(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("busy-neighbour-" + ProcessHandle.current().pid());
        List<Process> loops = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                loops.add(new ProcessBuilder("timeout", "600", "sh", "-c", "while :; do :; done")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            try (ChildCompare compare = new ChildCompare(List.of("--envs", "bare", "--profile", "smoke",
                    "--beside-other-runs", "--out", out.toString()), Files.createDirectories(dir.resolve("work")))) {
                assertEquals(0, compare.waitFor(600), "stderr:\n" + compare.stderr());
                assertTrue(loops.stream().allMatch(Process::isAlive), "the loops ran beside the whole run");
                String console = Files.readString(dir.resolve("work").resolve("compare.stdout.txt"));
                assertTrue(console.contains("disturbed: 100% of the measured turns"), console);
            }
        } finally {
            for (Process loop : loops) {
                loop.descendants().forEach(ProcessHandle::destroyForcibly);
                loop.destroyForcibly();
                loop.waitFor(10, TimeUnit.SECONDS);
            }
        }

        ResultsFolderCheck results = ResultsFolderCheck.of(out);
        List<Map<String, String>> turns = results.kernels.stream().filter(r -> r.get("source").equals("http"))
                .toList();
        assertFalse(turns.isEmpty(), "no http rows in kernels.csv");
        for (Map<String, String> row : turns) {
            double outside = Double.parseDouble(row.get("outside_cpu_share"));
            assertTrue(outside > Summary.DISTURBED_SHARE, "the loops are not seen in " + row);
        }
        assertFalse(results.summary.isEmpty(), "no rows in summary.csv");
        for (Map<String, String> row : results.summary) {
            assertEquals(1.0, Double.parseDouble(row.get("disturbed_share")), 0.0,
                    "every turn had the loops beside it: " + row);
        }
    }
}
