package org.envbench.http.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.envbench.http.env.Budget;
import org.envbench.http.env.VmEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots the VM in JMH mode for one small benchmark and checks that JMH's JSON comes back to the host.
 * Under software emulation a JVM starts slowly, hence one size, one fork, one short iteration.
 */
@Tag("environments")
class VmJmhIT {

    @Test
    void jmhJsonComesBackFromTheGuest(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh-vm.json");
        try (VmEnvironment vm = new VmEnvironment()) {
            assertTrue(vm.unavailableReason().isEmpty(), vm.unavailableReason().orElse(""));
            vm.runJmh(new Budget(1, 2048L << 20, List.of(), null),
                    List.of("Sha256Bench", "-p", "size=1024", "-f", "1", "-wi", "0", "-i", "1", "-r", "200ms",
                            "-foe", "true"),
                    json, Duration.ofMinutes(8));
            assertTrue(vm.qemuPid().isEmpty(), "qemu still tracked after runJmh");
        }
        JsonNode results = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(1, results.size(), results.toString());
        assertEquals("org.envbench.jmh.cpu.Sha256Bench.run", results.get(0).path("benchmark").asText());
        assertEquals("1024", results.get(0).path("params").path("size").asText());
        assertTrue(results.get(0).path("primaryMetric").path("score").asDouble() > 0, results.toString());
    }
}
