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
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EnvironmentRow(String env, String kind, String detail, String os, String cpuModel, Long logicalCpus,
                             Double effectiveCpus, Long memoryTotalBytes, Long memoryLimitBytes, String javaVersion,
                             String jvmFlags, Double startupSeconds, Long idleRssBytes, Long hostRssBytes,
                             Double serverStartupSeconds, Double budgetCpus, long budgetMemoryBytes, String cpuset,
                             EnvironmentStatus status, String failureReason, Integer fork) {
}
