package org.envbench.core.env;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OperatingSystem;

/**
 * What OSHI says about the machine itself: OS, CPU and memory, before any cgroup or affinity narrows it.
 *
 * @param os                   operating system name and version, for example "Debian GNU/Linux 12 (bookworm)"
 * @param kernelVersion        kernel release, for example "6.1.0-18-amd64"
 * @param cpuModel             the CPU's marketing name
 * @param logicalCpus          logical processors the OS sees
 * @param physicalCpus         physical cores the OS sees
 * @param memoryTotalBytes     physical memory the OS sees
 * @param memoryAvailableBytes memory available to new processes now
 */
public record Machine(String os, String kernelVersion, String cpuModel, int logicalCpus, int physicalCpus,
                      long memoryTotalBytes, long memoryAvailableBytes) {

    /** Reads the machine through {@code systemInfo}. */
    public static Machine of(SystemInfo systemInfo) {
        OperatingSystem os = systemInfo.getOperatingSystem();
        OperatingSystem.OSVersionInfo version = os.getVersionInfo();
        String osName = os.getFamily();
        if (version.getVersion() != null && !version.getVersion().equals("unknown")) {
            osName += " " + version.getVersion();
        }
        if (version.getCodeName() != null && !version.getCodeName().isBlank()
                && !osName.contains(version.getCodeName())) {
            osName += " (" + version.getCodeName() + ")";
        }
        String kernel = version.getBuildNumber() != null && !version.getBuildNumber().isBlank()
                ? version.getBuildNumber()
                : System.getProperty("os.version");
        CentralProcessor processor = systemInfo.getHardware().getProcessor();
        GlobalMemory memory = systemInfo.getHardware().getMemory();
        return new Machine(osName, kernel, processor.getProcessorIdentifier().getName().trim(),
                processor.getLogicalProcessorCount(), processor.getPhysicalProcessorCount(),
                memory.getTotal(), memory.getAvailable());
    }
}
