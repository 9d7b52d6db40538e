package org.envbench.http.compare;

import org.envbench.core.env.Fingerprint;
import org.envbench.http.env.Launch;
import org.envbench.http.results.EnvironmentRow;
import org.envbench.http.results.EnvironmentStatus;
import org.envbench.http.wire.StatusAnswer;

/** How an environment of a comparison fills its environments.csv row, and how the reference is named. */
final class EnvironmentRows {

    private EnvironmentRows() {
    }

    /** The row of {@code env} as it stands now, for fork {@code fork} (null when it never ran), with that fork's outcome. */
    static EnvironmentRow of(EnvironmentUnderTest env, Integer fork, EnvironmentStatus status, String reason) {
        Fingerprint fp = env.serverStatus == null ? null : env.serverStatus.fingerprint();
        StatusAnswer.ProcessFigures process = env.serverStatus == null ? null : env.serverStatus.process();
        Launch launch = env.started == null ? null : env.started.launch();
        return new EnvironmentRow(env.label, fp == null ? null : fp.kind(),
                env.started == null ? null : env.started.detail(),
                fp == null ? null : os(fp.os(), fp.kernelVersion()), fp == null ? null : fp.cpuModel(),
                fp == null ? null : (long) fp.logicalCpus(), fp == null ? null : fp.effectiveCpus(),
                fp == null ? null : fp.memoryTotalBytes(), fp == null ? null : fp.memoryLimitBytes(),
                javaVersion(env), String.join(" ", env.budget.jvmFlags()),
                env.started == null || Double.isNaN(env.started.launchToHealthySeconds()) ? null
                        : env.started.launchToHealthySeconds(), env.idleRssBytes,
                env.hostRssBytes, process == null ? null : process.startupSeconds(),
                env.budget.cpus() > 0 ? env.budget.cpus() : null, env.budget.memoryBytes(), env.budget.cpuset(),
                status, reason, fork, launch == null ? null : launch.engine(),
                launch == null ? null : launch.ociRuntime(), launch == null ? null : launch.ociRuntimeVersion(),
                launch == null ? null : launch.gvisorPlatform(), launch == null ? null : launch.gvisorNetwork(),
                launch == null ? null : launch.managed() ? "yes" : "no", launch == null ? null : launch.networkPath(),
                launch == null ? null : launch.command(), fp == null ? null : fp.scratchFilesystem());
    }

    /** The server's JVM version, null when it never answered {@code /status}. */
    static String javaVersion(EnvironmentUnderTest env) {
        Fingerprint fp = env.serverStatus == null ? null : env.serverStatus.fingerprint();
        return fp == null || fp.jvm() == null ? null : fp.jvm().version();
    }

    /**
     * How the reference environment is named in reports: the host is only "bare metal" when its own fingerprint
     * finds no layer under it.
     */
    static String referenceLabel(Iterable<EnvironmentUnderTest> envs) {
        for (EnvironmentUnderTest env : envs) {
            if (!env.label.equals(ComparisonState.REFERENCE)) {
                continue;
            }
            Fingerprint fp = env.serverStatus == null ? null : env.serverStatus.fingerprint();
            if (env.serverStatus == null) {
                return ComparisonState.REFERENCE;
            }
            String kind = fp == null || fp.kind() == null ? "" : fp.kind();
            return switch (kind) {
                case "vm" -> "host (itself a VM) vs +1 layer";
                case "container" -> "host (itself a container) vs +1 layer";
                case "bare" -> "bare metal";
                default -> "host (kind unknown)";
            };
        }
        return ComparisonState.REFERENCE;
    }

    private static String os(String os, String kernel) {
        if (os == null) {
            return kernel;
        }
        return kernel == null || os.contains(kernel) ? os : os + " (kernel " + kernel + ")";
    }
}
