package org.envbench.http.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of {@code http/bench/soak.sh}: the real jar under the script's mixed load for three minutes,
 * a sample every 20 s or so, and the script's own verdict on growth. Tagged environments because it needs the packaged
 * jar and takes minutes; the hour's run and its figures are in http/README.md.
 */
@Tag("environments")
class SoakIT {

    private static final int DURATION_SECONDS = 180;

    @Test
    void serveHoldsMemoryThreadsAndDescriptorsUnderMixedLoad(@TempDir Path out) throws Exception {
        Path project = Path.of(System.getProperty("envbench.projectDir", "..")).toAbsolutePath().normalize();
        Path log = out.resolve("soak.log");
        ProcessBuilder soak = new ProcessBuilder("bash", project.resolve("http/bench/soak.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        soak.environment().put("DURATION", Integer.toString(DURATION_SECONDS));
        soak.environment().put("INTERVAL", "20");
        soak.environment().put("WARMUP_SAMPLES", "1");
        soak.environment().put("OUT", out.resolve("soak").toString());
        Process process = soak.start();
        try {
            assertTrue(process.waitFor(DURATION_SECONDS + 300, TimeUnit.SECONDS), "soak.sh did not end");
        } finally {
            process.destroy();
        }
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("soak: nothing grew"), output);
        List<String> samples = Files.readAllLines(out.resolve("soak/samples.csv"));
        assertTrue(samples.size() >= 1 + 4, "header and at least 4 samples: " + samples);
    }
}
