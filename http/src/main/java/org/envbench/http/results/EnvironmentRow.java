package org.envbench.http.results;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code environments.csv}: what one environment is (from its server's fingerprint), what it cost to
 * start and keep, the budget it ran under and what happened to it. Null where the environment never answered.
 *
 * @param detail               how the environment was started (the adapter's words), with any probe seconds
 * @param os                   the OS, with the kernel version when the OS name lacks it
 * @param startupSeconds       from launch to the first healthy answer, as compare timed it
 * @param idleRssBytes         the server JVM's resident memory after start, as the server reports it
 * @param hostRssBytes         what the host sees: the process, the container's cgroup, the whole qemu process
 * @param serverStartupSeconds from JVM start to ready, as the server reports it
 * @param budgetCpus           null when the budget sets no CPU limit
 * @param failureReason        why the environment failed, was skipped or interrupted; null when ok
 * @param fork                 which launch of the environment's server this row describes (1, 2, ...): every fork
 *                             has its own startup time and idle memory; null for an environment that never ran
 * @param engine               podman or docker for a container environment
 * @param ociRuntime           the OCI runtime of a container: runc, crun, runsc
 * @param ociRuntimeVersion    that runtime's own version string
 * @param gvisorPlatform       gVisor's platform (ptrace, systrap, kvm), for runsc only
 * @param gvisorNetwork        gVisor's network mode (sandbox: its own netstack; host), for runsc only
 * @param managed              yes when compare started and stops it, no for a {@code --target}
 * @param networkPath          how requests reach the server: {@code loopback}, {@code loopback, published port},
 *                             {@code loopback, qemu port forward} or {@code network}; latency.csv rows of an env
 *                             whose path is {@code network} include a network's latency
 * @param launchCommand        the exact command compare ran, for {@code --env-command}; the URL for a target
 * @param scratchFilesystem    the filesystem type of the server's scratch folder (ext4, overlay, tmpfs, 9p ...), which
 *                             decides what the io kernels measure
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EnvironmentRow(String env, String kind, String detail, String os, String cpuModel, Long logicalCpus,
                             Double effectiveCpus, Long memoryTotalBytes, Long memoryLimitBytes, String javaVersion,
                             String jvmFlags, Double startupSeconds, Long idleRssBytes, Long hostRssBytes,
                             Double serverStartupSeconds, Double budgetCpus, long budgetMemoryBytes, String cpuset,
                             EnvironmentStatus status, String failureReason, Integer fork, String engine,
                             String ociRuntime, String ociRuntimeVersion, String gvisorPlatform,
                             String gvisorNetwork, String managed, String networkPath, String launchCommand,
                             String scratchFilesystem) {
}
