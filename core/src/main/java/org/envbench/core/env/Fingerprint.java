package org.envbench.core.env;

import java.util.List;

/**
 * Where a result was measured. Serializes to JSON with Jackson as is; {@link #environmentColumns()} flattens it
 * to the columns of {@code environments.csv}.
 *
 * @param kind                 {@code bare}, {@code vm} or {@code container}: the innermost layer found
 * @param layers               every layer found, outermost first, each with the evidence that showed it
 * @param virtualization       the hypervisor when one is found (for example {@code kvm}, {@code qemu-tcg},
 *                             {@code firecracker}), else {@code none}
 * @param runtime              the container runtime when one is found ({@code docker}, {@code podman}), else {@code none}
 * @param accel                VM acceleration when known ({@code kvm}, {@code tcg}), else {@code unknown} or {@code none}
 * @param effectiveCpus        the CPUs the process may really use (cgroup quota, affinity), fractional for a quota
 * @param memoryLimitBytes     the cgroup memory limit, or -1 when there is none
 */
public record Fingerprint(
        String kind,
        List<Layer> layers,
        String virtualization,
        String runtime,
        String accel,
        String os,
        String kernelVersion,
        String cpuModel,
        int logicalCpus,
        int physicalCpus,
        double effectiveCpus,
        long memoryTotalBytes,
        long memoryAvailableBytes,
        long memoryLimitBytes,
        Jvm jvm,
        String toolVersion) {

    /**
     * One layer between the hardware and this process.
     *
     * @param kind     {@code vm} or {@code container}
     * @param name     what it is, for example {@code kvm} or {@code podman}
     * @param evidence what showed it, for example "cpuinfo flag hypervisor" or "/run/.containerenv exists"
     * @param strength {@code strong} or {@code weak}; a weak marker alone is reported but says so
     */
    public record Layer(String kind, String name, String evidence, String strength) {
    }

    /** The JVM the process runs on. */
    public record Jvm(String version, String vendor, String gc, long maxHeapBytes, List<String> flags) {
    }

    /** Detects the environment of this process. */
    public static Fingerprint detect() {
        throw new UnsupportedOperationException("TODO: fingerprint detection is not implemented yet");
    }
}
