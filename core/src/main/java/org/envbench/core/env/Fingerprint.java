package org.envbench.core.env;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.envbench.core.Scratch;
import org.envbench.core.ToolVersion;
import oshi.SystemInfo;

/**
 * Where a result was measured. Serializes to JSON with Jackson as is; {@link #environmentColumns()} flattens it
 * to the columns of {@code environments.csv}.
 *
 * <pre>{@code
 * Fingerprint here = Fingerprint.detect();
 * String json = new ObjectMapper().writeValueAsString(here);
 * }</pre>
 *
 * @param kind                 {@code bare}, {@code vm} or {@code container}: the innermost layer found
 * @param layers               every layer found, outermost first, each with the evidence that showed it
 * @param virtualization       the hypervisor when one is found (for example {@code kvm}, {@code qemu-tcg},
 *                             {@code firecracker}), else {@code none}
 * @param runtime              the container runtime when one is found ({@code docker}, {@code podman}), else {@code none}
 * @param accel                VM acceleration when known ({@code kvm}, {@code tcg}), else {@code unknown} or {@code none}
 * @param effectiveCpus        the CPUs the process may really use (cgroup quota, affinity), fractional for a quota
 * @param memoryLimitBytes     the cgroup memory limit, or -1 when there is none
 * @param scratchFilesystem    the filesystem type of the scratch folder the file kernels write to ({@code ext4},
 *                             {@code overlay}, {@code tmpfs}, {@code 9p}, {@code virtiofs} ...), from
 *                             {@code /proc/self/mountinfo}; {@code unknown} when no mount covers it
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
        String toolVersion,
        String scratchFilesystem) {

    /** The filesystem type when no mount point of mountinfo covers the folder, or mountinfo is unreadable. */
    public static final String UNKNOWN_FILESYSTEM = "unknown";

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

    /**
     * The JVM the process runs on.
     *
     * @param gc the garbage collectors' MXBean names, comma-separated
     */
    public record Jvm(String version, String vendor, String gc, long maxHeapBytes, List<String> flags) {

        /** The JVM this code runs in. */
        public static Jvm current() {
            String gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(GarbageCollectorMXBean::getName)
                    .collect(Collectors.joining(", "));
            return new Jvm(Runtime.version().toString(), System.getProperty("java.vendor"), gc,
                    Runtime.getRuntime().maxMemory(), List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        }
    }

    /** Detects the environment of this process, with the JVM's temporary folder as the scratch folder. */
    public static Fingerprint detect() {
        return detect(Scratch.defaultFolder());
    }

    /**
     * Detects the environment of this process and the filesystem of {@code scratchFolder}. The first call pays for
     * OSHI's start (a few hundred milliseconds); later calls reuse it and the probes that cannot change while the
     * process lives, and re-read memory and cgroup files.
     */
    public static Fingerprint detect(Path scratchFolder) {
        SystemFacts facts = SystemFacts.read(Path.of("/"))
                .withProbes(Probes.INSTANCE.detectVirt, Probes.INSTANCE.oshiVirtualization);
        Path folder;
        try {
            folder = scratchFolder.toRealPath();
        } catch (IOException e) {
            folder = scratchFolder.toAbsolutePath().normalize();
        }
        return of(facts, Machine.of(Probes.INSTANCE.systemInfo), CgroupLimits.read(), Jvm.current(), ToolVersion.get(),
                folder);
    }

    /** Builds the fingerprint from recorded inputs, with the JVM's temporary folder as the scratch folder. */
    public static Fingerprint of(SystemFacts facts, Machine machine, CgroupLimits limits, Jvm jvm, String toolVersion) {
        return of(facts, machine, limits, jvm, toolVersion, Scratch.defaultFolder().toAbsolutePath());
    }

    /** Builds the fingerprint from recorded inputs; {@link #detect(Path)} passes this machine's. */
    public static Fingerprint of(SystemFacts facts, Machine machine, CgroupLimits limits, Jvm jvm, String toolVersion,
                                 Path scratchFolder) {
        Detection detection = Detection.of(facts);
        return new Fingerprint(detection.kind(), detection.layers(), detection.virtualization(), detection.runtime(),
                detection.accel(), machine.os(), machine.kernelVersion(), machine.cpuModel(), machine.logicalCpus(),
                machine.physicalCpus(),
                effectiveCpus(machine.logicalCpus(), affinityCpus(facts.selfStatus()), limits.cpuQuotaCpus()),
                machine.memoryTotalBytes(), machine.memoryAvailableBytes(), limits.memoryLimitBytes(), jvm,
                toolVersion, filesystemType(facts.selfMountinfo(), scratchFolder));
    }

    /**
     * The type of the filesystem that holds {@code folder} (an absolute path without symbolic links): the mount of
     * {@code mountinfo} whose mount point is the longest prefix of the folder, whole names only, and of two mounts
     * on the same point the later one, which hides the earlier.
     */
    static String filesystemType(String mountinfo, Path folder) {
        if (mountinfo == null) {
            return UNKNOWN_FILESYSTEM;
        }
        String type = UNKNOWN_FILESYSTEM;
        int longest = -1;
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.trim().split(" ");
            int separator = Arrays.asList(fields).indexOf("-");
            if (fields.length < 5 || separator < 0 || separator + 1 >= fields.length) {
                continue;
            }
            Path mountPoint = Path.of(unescape(fields[4]));
            if (folder.startsWith(mountPoint) && mountPoint.getNameCount() >= longest) {
                longest = mountPoint.getNameCount();
                type = fields[separator + 1];
            }
        }
        return type;
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes, for example {@code \040}. */
    private static String unescape(String field) {
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /**
     * The CPUs the process may really use: the least of the logical CPUs, the affinity mask and the cgroup quota.
     * An unknown affinity or quota is passed as -1 and ignored.
     */
    static double effectiveCpus(int logicalCpus, int affinityCpus, double quotaCpus) {
        double cpus = logicalCpus;
        if (affinityCpus > 0) {
            cpus = Math.min(cpus, affinityCpus);
        }
        if (quotaCpus > 0) {
            cpus = Math.min(cpus, quotaCpus);
        }
        return cpus;
    }

    /** The number of CPUs in the {@code Cpus_allowed_list} of {@code /proc/self/status}, or -1 when absent. */
    static int affinityCpus(String status) {
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("Cpus_allowed_list:")) {
                int count = 0;
                for (String range : line.substring(line.indexOf(':') + 1).trim().split(",")) {
                    String[] ends = range.trim().split("-");
                    try {
                        int first = Integer.parseInt(ends[0]);
                        int last = ends.length > 1 ? Integer.parseInt(ends[1]) : first;
                        count += last - first + 1;
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
                return count;
            }
        }
        return -1;
    }

    /**
     * The columns of {@code environments.csv} that the fingerprint knows, in the file's order. Numbers use
     * {@code .} as the decimal point whatever the default locale.
     */
    public Map<String, String> environmentColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("kind", kind);
        columns.put("detail", detail());
        columns.put("os", os);
        columns.put("cpu_model", cpuModel);
        columns.put("logical_cpus", Integer.toString(logicalCpus));
        columns.put("effective_cpus", BigDecimal.valueOf(effectiveCpus).stripTrailingZeros().toPlainString());
        columns.put("memory_total_bytes", Long.toString(memoryTotalBytes));
        columns.put("memory_limit_bytes", Long.toString(memoryLimitBytes));
        columns.put("java_version", jvm.version());
        columns.put("jvm_flags", String.join(" ", jvm.flags()));
        columns.put("scratch_filesystem", scratchFilesystem);
        return columns;
    }

    /** The strong layers, outermost first: "firecracker (kvm)", "qemu-tcg (tcg), docker", or "none". */
    private String detail() {
        List<String> parts = layers.stream()
                .filter(layer -> layer.strength().equals(Detection.STRONG))
                .map(layer -> layer.kind().equals("vm") ? virtualization + " (" + accel + ")" : runtime)
                .collect(Collectors.toList());
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** What is slow to find and cannot change while the process lives, found once. */
    private static final class Probes {
        static final Probes INSTANCE = new Probes();

        final SystemInfo systemInfo = new SystemInfo();
        final String oshiVirtualization = systemInfo.getHardware().getVirtualization().orElse(null);
        final String detectVirt = SystemFacts.detectVirtVm();
    }
}
