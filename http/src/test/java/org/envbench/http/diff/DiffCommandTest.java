package org.envbench.http.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.envbench.http.Cli;
import org.envbench.http.results.CsvFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** diff on results folders made here with known answers, through the real command line. */
class DiffCommandTest {

    @TempDir
    Path dir;

    private static Cli diff(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "diff";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(all);
    }

    /**
     * A results folder: bare and container on sha256 (MB/s) and latency (ns/load), 2 forks x 3 blocks x 2 runs,
     * the scores drifting from block to block alike on both sides; the container at {@code containerFactor} of bare
     * (as performance) and bare at {@code bareFactor} of 1000 MB/s, 100 ns/load.
     */
    private Path folder(String name, double containerFactor, double bareFactor, String status) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        StringBuilder csv = new StringBuilder("env,source,kernel,size,threads,samples,score,score_error,unit,round,"
                + "repetition,duration_ns,fork,gc_count,gc_seconds,outside_cpu_share,steal_share\n");
        double[] drift = {1.0, 0.93, 1.04};
        int wobble = 0;
        for (int fork = 1; fork <= 2; fork++) {
            for (int block = 1; block <= 3; block++) {
                for (int rep = 1; rep <= 2; rep++) {
                    double noise = 1 + 0.002 * ((wobble++ % 5) - 2);
                    double speed = drift[block - 1] * noise * bareFactor;
                    for (String env : List.of("bare", "container")) {
                        double factor = env.equals("bare") ? 1 : containerFactor;
                        csv.append(String.format(Locale.ROOT, "%s,http,sha256,1024,1,10,%s,,MB/s,%d,%d,1000,%d,,,,%n",
                                env, 1000 * speed * factor, block, rep, fork));
                        csv.append(String.format(Locale.ROOT, "%s,http,latency,4096,1,10,%s,,ns/load,%d,%d,1000,%d,,,,%n",
                                env, 100 / (speed * factor), block, rep, fork));
                    }
                }
            }
        }
        Files.writeString(folder.resolve("kernels.csv"), csv);
        Files.writeString(folder.resolve("run.json"), "{\"run_id\": \"" + name + "\", \"status\": \"" + status
                + "\", \"reference_env\": \"bare\"}\n");
        return folder;
    }

    @Test
    void twoRunsOfTheSameMachineChangeNothingAndPassTheGate() throws IOException {
        Cli outcome = diff(folder("old", 0.98, 1.0, "complete").toString(),
                folder("new", 0.98, 1.0, "complete").toString(), "--fail-above", "5%");
        assertEquals(0, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("0 of 4 figures changed clearly"), outcome.out());
        assertFalse(outcome.out().contains("FAIL"), outcome.out());
    }

    @Test
    void aContainerAtHalfSpeedIsFlaggedOnBothKernelsAndFailsTheGate() throws IOException {
        Path csv = dir.resolve("diff.csv");
        Cli outcome = diff(folder("old", 1.0, 1.0, "complete").toString(),
                folder("new", 0.5, 1.0, "complete").toString(), "--fail-above", "5%", "--csv", csv.toString());
        assertEquals(1, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains("FAIL container sha256 1024: ratio to reference 0.500"), outcome.out());
        // Latency is a time per load: slower there is a higher score, and still a change below 1.
        assertTrue(outcome.out().contains("FAIL container latency 4096: ratio to reference 0.500"), outcome.out());
        assertTrue(outcome.out().contains("2 of 4 figures changed clearly"), outcome.out());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(CsvFile.header(DiffCommand.DiffRow.class), rows.get(0));
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("container,sha256,1024,MB/s,ratio to reference,1,0.5")),
                rows.toString());
    }

    @Test
    void aFasterMachineIsAClearChangeOfBareButNotOfTheRatioAndNeverAFailure() throws IOException {
        Cli outcome = diff(folder("old", 0.9, 1.0, "complete").toString(),
                folder("new", 0.9, 1.5, "complete").toString(), "--fail-above", "1%");
        assertEquals(0, outcome.status(), outcome.out());
        assertTrue(outcome.out().contains("2 of 4 figures changed clearly"), outcome.out());
    }

    @Test
    void aPerKernelThresholdOverridesTheDefault() throws IOException {
        Path thresholds = Files.writeString(dir.resolve("limits.txt"), "# per kernel\nsha256 60%\n");
        Cli outcome = diff(folder("old", 1.0, 1.0, "complete").toString(),
                folder("new", 0.5, 1.0, "complete").toString(), "--fail-above", "5%",
                "--thresholds", thresholds.toString());
        assertEquals(1, outcome.status(), outcome.out());
        assertFalse(outcome.out().contains("FAIL container sha256"), outcome.out());
        assertTrue(outcome.out().contains("FAIL container latency"), outcome.out());
    }

    @Test
    void aRunThatDidNotCompleteIsRefusedUnlessAllowedAndThenLabelled() throws IOException {
        Path old = folder("old", 1.0, 1.0, "complete");
        Path cut = folder("cut", 1.0, 1.0, "running");
        Cli refused = diff(old.toString(), cut.toString());
        assertEquals(2, refused.status());
        assertTrue(refused.err().contains("did not complete (run.json status running)"), refused.err());
        Cli allowed = diff(old.toString(), cut.toString(), "--allow-incomplete");
        assertEquals(0, allowed.status(), allowed.err());
        assertTrue(allowed.out().contains("WARNING " + cut + " is from a run that did not complete"), allowed.out());
    }

    @Test
    void badInputIsAClearErrorWithStatusTwo() throws IOException {
        Path old = folder("old", 1.0, 1.0, "complete");
        Cli missing = diff(old.toString(), dir.resolve("nowhere").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("is not a folder"), missing.err());
        Cli percent = diff(old.toString(), old.toString(), "--fail-above", "lots");
        assertEquals(2, percent.status());
        assertTrue(percent.err().contains("--fail-above takes a percentage"), percent.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli notResults = diff(old.toString(), empty.toString());
        assertEquals(2, notResults.status());
        assertTrue(notResults.err().contains("has no run.json"), notResults.err());
    }
}
