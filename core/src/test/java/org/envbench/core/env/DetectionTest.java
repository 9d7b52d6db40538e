package org.envbench.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DetectionTest {

    @Test
    void bareMetalHasNoLayers() {
        Detection detection = Detection.of(Fixtures.facts("bare-metal"));

        assertEquals("bare", detection.kind());
        assertEquals(List.of(), detection.layers());
        assertEquals("none", detection.virtualization());
        assertEquals("none", detection.runtime());
        assertEquals("none", detection.accel());
    }

    @Test
    void kvmGuestIsAStrongVmWithKvmAcceleration() {
        Detection detection = Detection.of(Fixtures.facts("kvm-vm"));

        assertEquals("vm", detection.kind());
        assertEquals(List.of("vm kvm strong"), summary(detection));
        assertEquals("kvm", detection.virtualization());
        assertEquals("kvm", detection.accel());
        String evidence = detection.layers().get(0).evidence();
        assertTrue(evidence.contains("cpuinfo flags include hypervisor"), evidence);
        assertTrue(evidence.contains("DMI says QEMU"), evidence);
        assertTrue(evidence.contains("kvm-clock"), evidence);
    }

    @Test
    void qemuTcgGuestSaysTcgFromTheLauncherCommandLine() {
        Detection detection = Detection.of(Fixtures.facts("qemu-tcg"));

        assertEquals("vm", detection.kind());
        assertEquals(List.of("vm qemu-tcg strong"), summary(detection));
        assertEquals("qemu-tcg", detection.virtualization());
        assertEquals("tcg", detection.accel());
        String evidence = detection.layers().get(0).evidence();
        assertTrue(evidence.contains("envbench.accel=tcg"), evidence);
        assertTrue(evidence.contains("CPU model is QEMU Virtual CPU"), evidence);
    }

    @Test
    void firecrackerGuestWithALeftoverDockerenvIsAVmWithAWeakContainerMarker() {
        Detection detection = Detection.of(Fixtures.facts("firecracker-host"));

        assertEquals("vm", detection.kind());
        assertEquals(List.of("vm firecracker strong", "container docker weak"), summary(detection));
        assertEquals("firecracker", detection.virtualization());
        assertEquals("none", detection.runtime());
        assertEquals("kvm", detection.accel());
        String vmEvidence = detection.layers().get(0).evidence();
        assertTrue(vmEvidence.contains("no DMI tables"), vmEvidence);
        String containerEvidence = detection.layers().get(1).evidence();
        assertTrue(containerEvidence.contains("/.dockerenv exists"), containerEvidence);
        assertTrue(containerEvidence.contains("PID 1 is process_api, the init the kernel command line names"),
                containerEvidence);
    }

    @Test
    void dockerenvAloneOnAHostWithSystemdStaysWeak() {
        SystemFacts bare = Fixtures.facts("bare-metal");
        SystemFacts withDockerenv = new SystemFacts(bare.cpuinfo(), bare.dmiSysVendor(), bare.dmiProductName(),
                bare.dmiBiosVendor(), bare.hypervisorType(), bare.clocksources(), bare.kernelCmdline(), bare.pid1Comm(),
                bare.pid1Environ(), bare.pid1Cgroup(), bare.selfCgroup(), bare.selfMountinfo(), bare.selfStatus(),
                true, null, null, null);

        Detection detection = Detection.of(withDockerenv);

        assertEquals("bare", detection.kind());
        assertEquals(List.of("container docker weak"), summary(detection));
        assertTrue(detection.layers().get(0).evidence().contains("PID 1 is systemd, a machine's init"));
    }

    @Test
    void dockerOnCgroupV1IsAContainerOnBareMetal() {
        Detection detection = Detection.of(Fixtures.facts("docker-v1"));

        assertEquals("container", detection.kind());
        assertEquals(List.of("container docker strong"), summary(detection));
        assertEquals("docker", detection.runtime());
        assertEquals("none", detection.virtualization());
        String evidence = detection.layers().get(0).evidence();
        assertTrue(evidence.contains("/proc/self/cgroup has a container path (/docker/3f6d"), evidence);
        assertTrue(evidence.contains("/.dockerenv exists"), evidence);
    }

    @Test
    void dockerWithACgroupNamespaceIsFoundByItsMounts() {
        Detection detection = Detection.of(Fixtures.facts("docker-v2"));

        assertEquals("container", detection.kind());
        assertEquals(List.of("container docker strong"), summary(detection));
        String evidence = detection.layers().get(0).evidence();
        assertTrue(evidence.contains("root filesystem is an overlay in /var/lib/docker"), evidence);
    }

    @Test
    void podmanInsideAKvmGuestListsBothLayersOutermostFirst() {
        SystemFacts facts = Fixtures.facts("podman-v2");

        Detection detection = Detection.of(facts);

        assertEquals("container", detection.kind());
        assertEquals(List.of("vm kvm strong", "container podman strong"), summary(detection));
        assertEquals("podman", detection.runtime());
        assertEquals("kvm", detection.virtualization());
        String evidence = detection.layers().get(1).evidence();
        assertTrue(evidence.contains("/run/.containerenv exists"), evidence);
        assertTrue(evidence.contains("PID 1 environment has container=podman"), evidence);
        assertFalse(facts.dockerenv());
    }

    @Test
    void gvisorUnderPodmanIsAContainerWhoseRuntimeIsGvisor() {
        // Recorded inside `podman --runtime runsc` (runsc 20221219, ptrace platform, netstack) on a Firecracker VM:
        // the Sentry's synthetic kernel 4.4.0, empty cgroup files, a 9p root, the host's CPU flags.
        SystemFacts facts = Fixtures.facts("gvisor-podman-v1");

        Detection detection = Detection.of(facts);

        assertEquals("container", detection.kind());
        assertEquals(List.of("vm unknown strong", "container gvisor strong"), summary(detection));
        assertEquals("gvisor", detection.runtime());
        String evidence = detection.layers().get(1).evidence();
        assertTrue(evidence.contains("kernel command line is gVisor's (BOOT_IMAGE=/vmlinuz-4.4.0-gvisor)"), evidence);
        assertTrue(evidence.contains("PID 1 environment has container=podman"), evidence);
    }

    @Test
    void gvisorUnderDockerIsAContainerThoughNoCgroupPathNamesOne() {
        // Recorded inside `docker run --runtime runsc` (the same runsc): only /.dockerenv is left of docker's
        // markers, which alone would be weak; gVisor's kernel command line makes the layer real.
        Detection detection = Detection.of(Fixtures.facts("gvisor-docker-v1"));

        assertEquals("container", detection.kind());
        assertEquals(List.of("vm unknown strong", "container gvisor strong"), summary(detection));
        assertEquals("gvisor", detection.runtime());
        String evidence = detection.layers().get(1).evidence();
        assertTrue(evidence.contains("/.dockerenv exists"), evidence);
        assertTrue(evidence.contains("kernel command line is gVisor's"), evidence);
    }

    @Test
    void aKernelCommandLineThatOnlyMentionsGvisorIsNoSandbox() {
        SystemFacts bare = Fixtures.facts("bare-metal");
        SystemFacts facts = new SystemFacts(bare.cpuinfo(), bare.dmiSysVendor(), bare.dmiProductName(),
                bare.dmiBiosVendor(), bare.hypervisorType(), bare.clocksources(),
                "BOOT_IMAGE=/vmlinuz-6.1.0-amd64 root=/dev/sda1 notes=gvisor-test", bare.pid1Comm(), bare.pid1Environ(),
                bare.pid1Cgroup(), bare.selfCgroup(), bare.selfMountinfo(), bare.selfStatus(), bare.dockerenv(),
                bare.containerenv(), null, null);

        assertEquals("bare", Detection.of(facts).kind());
    }

    @Test
    void probesThatAreNotFilesAddEvidence() {
        SystemFacts facts = Fixtures.facts("qemu-tcg").withProbes("qemu", "QEMU");

        Detection detection = Detection.of(facts);

        String evidence = detection.layers().get(0).evidence();
        assertTrue(evidence.contains("systemd-detect-virt --vm says qemu"), evidence);
        assertTrue(evidence.contains("OSHI getVirtualization() says QEMU"), evidence);
        assertEquals("qemu-tcg", detection.virtualization());
    }

    @Test
    void unreadableFilesAreNullNotErrors() {
        SystemFacts facts = Fixtures.facts("cgroup-v1-nested");

        assertNull(facts.cpuinfo());
        assertNull(facts.pid1Environ());
        assertNull(facts.containerenv());
        assertEquals("bare", Detection.of(facts).kind());
    }

    private static List<String> summary(Detection detection) {
        return detection.layers().stream()
                .map(layer -> layer.kind() + " " + layer.name() + " " + layer.strength())
                .collect(Collectors.toList());
    }
}
