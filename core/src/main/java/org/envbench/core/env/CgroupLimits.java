package org.envbench.core.env;

/**
 * What the cgroup of this process allows and how much it was throttled, read at the moment of the call.
 *
 * @param cpuQuotaCpus       the CPU quota as a number of CPUs (quota / period), or -1 when there is none
 * @param memoryLimitBytes   the memory limit, or -1 when there is none
 * @param throttledNanos     total time the cgroup was throttled by the CFS quota, or -1 when the cgroup does not say
 * @param throttledPeriods   number of periods in which it was throttled, or -1 when the cgroup does not say
 * @param version            1 or 2, or 0 when no cgroup was found
 */
public record CgroupLimits(double cpuQuotaCpus, long memoryLimitBytes, long throttledNanos, long throttledPeriods,
                           int version) {

    /** Reads the limits of this process's cgroup (v1 or v2). */
    public static CgroupLimits read() {
        throw new UnsupportedOperationException("TODO: cgroup reading is not implemented yet");
    }
}
