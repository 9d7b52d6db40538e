package org.envbench.core.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The raw system files that environment detection decides from, read once from a root directory. Reading from a
 * root other than {@code /} lets tests replay a recorded machine; {@link Detection#of(SystemFacts)} turns the facts
 * into layers without touching the system again.
 *
 * <p>Every text is {@code null} when its file is absent or unreadable (as {@code /proc/1/environ} is for
 * non-root users).
 *
 * @param cpuinfo            {@code /proc/cpuinfo}
 * @param dmiSysVendor       {@code /sys/class/dmi/id/sys_vendor}
 * @param dmiProductName     {@code /sys/class/dmi/id/product_name}
 * @param dmiBiosVendor      {@code /sys/class/dmi/id/bios_vendor}
 * @param hypervisorType     {@code /sys/hypervisor/type} (Xen guests)
 * @param clocksources       {@code /sys/devices/system/clocksource/clocksource0/available_clocksource}
 * @param kernelCmdline      {@code /proc/cmdline}
 * @param pid1Comm           {@code /proc/1/comm}
 * @param pid1Environ        {@code /proc/1/environ}, NUL separators turned into newlines
 * @param pid1Cgroup         {@code /proc/1/cgroup}
 * @param selfCgroup         {@code /proc/self/cgroup}
 * @param selfMountinfo      {@code /proc/self/mountinfo}
 * @param selfStatus         {@code /proc/self/status}
 * @param dockerenv          whether {@code /.dockerenv} exists
 * @param containerenv       {@code /run/.containerenv} (empty when the file is empty), {@code null} when absent
 * @param detectVirt         what {@code systemd-detect-virt --vm} printed, {@code null} when it was not run
 * @param oshiVirtualization what OSHI's {@code getVirtualization()} found, {@code null} when nothing or not asked
 */
public record SystemFacts(
        String cpuinfo,
        String dmiSysVendor,
        String dmiProductName,
        String dmiBiosVendor,
        String hypervisorType,
        String clocksources,
        String kernelCmdline,
        String pid1Comm,
        String pid1Environ,
        String pid1Cgroup,
        String selfCgroup,
        String selfMountinfo,
        String selfStatus,
        boolean dockerenv,
        String containerenv,
        String detectVirt,
        String oshiVirtualization) {

    private static final long DETECT_VIRT_TIMEOUT_MILLIS = 2_000;

    /** Reads the facts of the files under {@code root}; the probes that are commands or OSHI are left out. */
    public static SystemFacts read(Path root) {
        return new SystemFacts(
                text(root, "proc/cpuinfo"),
                text(root, "sys/class/dmi/id/sys_vendor"),
                text(root, "sys/class/dmi/id/product_name"),
                text(root, "sys/class/dmi/id/bios_vendor"),
                text(root, "sys/hypervisor/type"),
                text(root, "sys/devices/system/clocksource/clocksource0/available_clocksource"),
                text(root, "proc/cmdline"),
                text(root, "proc/1/comm"),
                nulSeparated(text(root, "proc/1/environ")),
                text(root, "proc/1/cgroup"),
                text(root, "proc/self/cgroup"),
                text(root, "proc/self/mountinfo"),
                text(root, "proc/self/status"),
                Files.exists(root.resolve(".dockerenv")),
                text(root, "run/.containerenv"),
                null,
                null);
    }

    /** These facts with the answers of the probes that are not files. */
    public SystemFacts withProbes(String detectVirt, String oshiVirtualization) {
        return new SystemFacts(cpuinfo, dmiSysVendor, dmiProductName, dmiBiosVendor, hypervisorType, clocksources,
                kernelCmdline, pid1Comm, pid1Environ, pid1Cgroup, selfCgroup, selfMountinfo, selfStatus, dockerenv,
                containerenv, detectVirt, oshiVirtualization);
    }

    /** Whether the machine has DMI (SMBIOS) tables at all; Firecracker-like microVMs have none. */
    public boolean hasDmi() {
        return dmiSysVendor != null || dmiProductName != null || dmiBiosVendor != null;
    }

    private static String text(Path root, String relative) {
        Path file = root.resolve(relative);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static String nulSeparated(String text) {
        return text == null ? null : text.replace('\0', '\n');
    }

    /**
     * Asks {@code systemd-detect-virt --vm}, which reads the CPUID hypervisor vendor that Java cannot see. Returns
     * {@code null} when the tool is missing, fails or hangs; {@code none} is a valid answer.
     */
    static String detectVirtVm() {
        Path tool = Path.of("/usr/bin/systemd-detect-virt");
        if (!Files.isExecutable(tool)) {
            return null;
        }
        Process process = null;
        try {
            process = new ProcessBuilder(tool.toString(), "--vm")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(DETECT_VIRT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                return null;
            }
            // Exit status 1 with "none" means no VM; that answer is still worth keeping.
            try (InputStream out = process.getInputStream()) {
                String answer = new String(out.readNBytes(256), StandardCharsets.UTF_8).trim();
                return answer.isEmpty() ? null : answer;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
