package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.envbench.http.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default-suite proof of compare: {@code compare --envs bare --profile smoke} with the real server. */
class CompareBareSmokeTest {

    @Test
    void bareSmokeWritesACompleteSchemaValidFolder(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("bare-smoke-" + ProcessHandle.current().pid());

        int status = Main.commandLine().execute("compare", "--envs", "bare", "--profile", "smoke",
                "--out", out.toString());

        assertEquals(0, status, "compare --envs bare --profile smoke");
        SmokeFolderPin.assertPinned(out);
        ResultsFolderCheck results = ResultsFolderCheck.of(out);
        assertEquals("complete", results.run.get("status").asText());
        assertEquals(List.of("compare", "--envs", "bare", "--profile", "smoke", "--out", out.toString()),
                List.of(new com.fasterxml.jackson.databind.ObjectMapper()
                        .convertValue(results.run.get("compare_args"), String[].class)));
        Map<String, String> bare = results.environment("bare");
        assertEquals("ok", bare.get("status"));
        assertTrue(Long.parseLong(bare.get("host_rss_bytes")) > 0, bare.toString());
        assertEquals(1, results.environments.size());
        results.assertWhole("bare", Profile.named("smoke"));
        assertEquals(List.of("closed", "open"), results.latency.stream().map(r -> r.get("mode")).toList(),
                "a closed-loop and an open-loop load run");
        assertTrue(results.summary.stream().allMatch(r -> r.get("env").equals("bare")
                && Double.parseDouble(r.get("ratio_to_bare")) == 1.0));
        assertEquals(List.of(), Leftovers.processes(out.getFileName().toString()), "nothing left running");
    }
}
