package org.envbench.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private static final Machine GUEST = new Machine("Debian GNU/Linux 12 (bookworm)", "6.1.0-18-cloud-amd64",
            "Intel Xeon Processor (Icelake)", 4, 4, 8_589_934_592L, 6_442_450_944L);
    private static final Fingerprint.Jvm JVM = new Fingerprint.Jvm("17.0.15+6-Debian-1deb12u1", "Debian",
            "G1 Young Generation, G1 Old Generation", 268_435_456L, List.of("-Xmx256m", "-XX:+UseG1GC"));

    @Test
    void podmanQuotaAndLimitNarrowTheMachine() {
        Fingerprint fingerprint = fromFixture("podman-v2");

        assertEquals("container", fingerprint.kind());
        assertEquals(1.0, fingerprint.effectiveCpus());
        assertEquals(536_870_912L, fingerprint.memoryLimitBytes());
        assertEquals(4, fingerprint.logicalCpus());
    }

    @Test
    void environmentColumnsInTheFilesOrder() {
        Map<String, String> columns = fromFixture("podman-v2").environmentColumns();

        assertEquals(List.of("kind", "detail", "os", "cpu_model", "logical_cpus", "effective_cpus",
                "memory_total_bytes", "memory_limit_bytes", "java_version", "jvm_flags", "scratch_filesystem"),
                new ArrayList<>(columns.keySet()));
        assertEquals("container", columns.get("kind"));
        assertEquals("kvm (kvm), podman", columns.get("detail"));
        assertEquals("1", columns.get("effective_cpus"));
        assertEquals("536870912", columns.get("memory_limit_bytes"));
        assertEquals("-Xmx256m -XX:+UseG1GC", columns.get("jvm_flags"));
    }

    @Test
    void fractionalCpusUseADotWhateverTheLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            Map<String, String> columns = fromFixture("docker-v1").environmentColumns();

            assertEquals("1.5", columns.get("effective_cpus"));
            assertEquals("docker", columns.get("detail"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void theHostOfOurMachinesSaysVmAndNoneForDetailOfAWeakLayer() {
        Map<String, String> columns = fromFixture("firecracker-host").environmentColumns();

        assertEquals("vm", columns.get("kind"));
        assertEquals("firecracker (kvm)", columns.get("detail"));
        assertEquals("-1", columns.get("memory_limit_bytes"));
    }

    @Test
    void bareMetalDetailIsNone() {
        assertEquals("none", fromFixture("bare-metal").environmentColumns().get("detail"));
    }

    @Test
    void roundTripsThroughAPlainObjectMapper() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Fingerprint fingerprint = fromFixture("firecracker-host");

        String json = mapper.writeValueAsString(fingerprint);

        assertEquals(fingerprint, mapper.readValue(json, Fingerprint.class));
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = mapper.readTree(json).fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        assertEquals(List.of("kind", "layers", "virtualization", "runtime", "accel", "os", "kernelVersion",
                "cpuModel", "logicalCpus", "physicalCpus", "effectiveCpus", "memoryTotalBytes",
                "memoryAvailableBytes", "memoryLimitBytes", "jvm", "toolVersion", "scratchFilesystem"), fields);
        JsonNode weak = mapper.readTree(json).get("layers").get(1);
        assertEquals("weak", weak.get("strength").asText());
    }

    @Test
    void theScratchFilesystemIsTheLongestMountPointThatHoldsTheFolder() {
        assertEquals("overlay", scratchFilesystem("docker-v1", "/tmp"));
        assertEquals("ext4", scratchFilesystem("docker-v1", "/etc/hostname"));
        assertEquals("overlay", scratchFilesystem("docker-v1", "/etc/hostnames"), "whole names only");
        assertEquals("overlay", scratchFilesystem("podman-v2", "/var/tmp/envbench"));
        assertEquals("ext4", scratchFilesystem("firecracker-host", "/tmp"));
        assertEquals("tmpfs", scratchFilesystem("firecracker-host", "/dev/shm/envbench"));
        assertEquals("devtmpfs", scratchFilesystem("firecracker-host", "/dev/shmem"));
        assertEquals("ext4", scratchFilesystem("firecracker-host", "/var/lib/containers/storage/overlay/x"));
        assertEquals("ext4", scratchFilesystem("kvm-vm", "/scratch"));
    }

    @Test
    void theLaterOfTwoMountsOnOnePointWinsAndEscapedNamesMatch() {
        String mountinfo = "27 1 254:0 / / rw - ext4 /dev/vda rw\n"
                + "40 27 0:40 / /scratch rw - tmpfs tmpfs rw\n"
                + "41 27 254:16 / /scratch rw shared:5 - ext4 /dev/vdb rw\n"
                + "42 27 0:41 / /mnt/my\\040disk rw - 9p scratch rw\n";
        assertEquals("ext4", Fingerprint.filesystemType(mountinfo, Path.of("/scratch/envbench-file-read-1")));
        assertEquals("9p", Fingerprint.filesystemType(mountinfo, Path.of("/mnt/my disk/x")));
        assertEquals("ext4", Fingerprint.filesystemType(mountinfo, Path.of("/mnt/my")));
        assertEquals(Fingerprint.UNKNOWN_FILESYSTEM, Fingerprint.filesystemType(null, Path.of("/tmp")));
        assertEquals(Fingerprint.UNKNOWN_FILESYSTEM, Fingerprint.filesystemType("garbage\n", Path.of("/tmp")));
    }

    @Test
    void theFingerprintCarriesTheScratchFilesystemIntoItsColumns() {
        Fingerprint fingerprint = Fingerprint.of(Fixtures.facts("firecracker-host"), GUEST,
                CgroupLimits.read(Fixtures.root("firecracker-host")), JVM, "test", Path.of("/dev/shm"));
        assertEquals("tmpfs", fingerprint.scratchFilesystem());
        assertEquals("tmpfs", fingerprint.environmentColumns().get("scratch_filesystem"));
    }

    private static String scratchFilesystem(String fixture, String folder) {
        return Fingerprint.filesystemType(Fixtures.facts(fixture).selfMountinfo(), Path.of(folder));
    }

    @Test
    void effectiveCpusIsTheLeastOfMachineAffinityAndQuota() {
        assertEquals(4.0, Fingerprint.effectiveCpus(4, -1, -1));
        assertEquals(2.0, Fingerprint.effectiveCpus(4, 2, -1));
        assertEquals(1.5, Fingerprint.effectiveCpus(4, 2, 1.5));
        assertEquals(2.0, Fingerprint.effectiveCpus(4, 2, 3.0));
    }

    @Test
    void affinityCountsTheCpusAllowedList() {
        assertEquals(5, Fingerprint.affinityCpus("Name:\tjava\nCpus_allowed_list:\t0,2-5\n"));
        assertEquals(1, Fingerprint.affinityCpus("Cpus_allowed_list:\t3\n"));
        assertEquals(-1, Fingerprint.affinityCpus("Name:\tjava\n"));
        assertEquals(-1, Fingerprint.affinityCpus(null));
    }

    @Test
    void affinityNarrowsEffectiveCpus() {
        SystemFacts facts = Fixtures.facts("kvm-vm");
        Fingerprint fingerprint = Fingerprint.of(facts, GUEST, CgroupLimits.read(Fixtures.root("kvm-vm")), JVM, "t");

        assertEquals(2.0, fingerprint.effectiveCpus());
        assertTrue(fingerprint.layers().get(0).evidence().contains("hypervisor"));
    }

    private static Fingerprint fromFixture(String name) {
        return Fingerprint.of(Fixtures.facts(name), GUEST, CgroupLimits.read(Fixtures.root(name)), JVM, "test");
    }
}
