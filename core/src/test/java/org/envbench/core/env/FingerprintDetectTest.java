package org.envbench.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Fingerprint#detect()} on the machine that runs the tests, asserting only what that machine shows. */
class FingerprintDetectTest {

    @Test
    void describesThisMachineAndSerializes() throws Exception {
        Fingerprint here = Fingerprint.detect();

        assertTrue(here.logicalCpus() > 0);
        assertTrue(here.effectiveCpus() > 0 && here.effectiveCpus() <= here.logicalCpus(),
                "effective CPUs " + here.effectiveCpus() + " of " + here.logicalCpus());
        assertTrue(here.memoryTotalBytes() > 0);
        assertEquals(Runtime.getRuntime().maxMemory(), here.jvm().maxHeapBytes());
        assertFalse(here.jvm().gc().isEmpty());
        assertEquals(Runtime.version().toString(), here.environmentColumns().get("java_version"));
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(here, mapper.readValue(mapper.writeValueAsString(here), Fingerprint.class));
    }

    @Test
    void aGuestWithTheHypervisorFlagHasAStrongVmLayer() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        assumeTrue(Files.isReadable(cpuinfo) && Detection.cpuFlags(Files.readString(cpuinfo)).contains("hypervisor"),
                "this machine's CPU flags do not say hypervisor");

        Fingerprint here = Fingerprint.detect();

        Optional<Fingerprint.Layer> vm = here.layers().stream().filter(l -> l.kind().equals("vm")).findFirst();
        assertTrue(vm.isPresent(), "no vm layer in " + here.layers());
        assertEquals("strong", vm.get().strength());
        assertTrue(vm.get().evidence().contains("cpuinfo flags include hypervisor"), vm.get().evidence());
        assertNotEquals("none", here.virtualization());
        assertNotEquals("bare", here.kind());
    }

    /** Our own machines: a Firecracker-like guest whose image left /.dockerenv while PID 1 is the machine's agent. */
    @Test
    void ourFirecrackerHostIsAVmNotAContainer() throws IOException {
        assumeTrue(Files.exists(Path.of("/.dockerenv")) && !Files.exists(Path.of("/run/.containerenv"))
                        && Files.isReadable(Path.of("/proc/1/comm"))
                        && Files.readString(Path.of("/proc/1/comm")).trim().equals("process_api"),
                "not one of our Firecracker-like hosts");

        Fingerprint here = Fingerprint.detect();

        assertEquals("vm", here.kind());
        assertEquals("none", here.runtime());
        assertEquals("vm", here.layers().get(0).kind());
        assertEquals("strong", here.layers().get(0).strength());
        Fingerprint.Layer container = here.layers().get(here.layers().size() - 1);
        assertEquals("container", container.kind());
        assertEquals("weak", container.strength());
        assertTrue(container.evidence().contains("/.dockerenv exists"), container.evidence());
    }
}
