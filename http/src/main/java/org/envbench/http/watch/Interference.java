package org.envbench.http.watch;

import java.util.Locale;

/**
 * How much CPU the machine spent outside the measured processes during one turn, and how much the hypervisor
 * took (steal). Shares are of the machine's capacity, CPUs times wall time: 0.05 means that what ran outside
 * would have kept 5% of all CPUs busy for the whole turn.
 *
 * @param wallSeconds            the turn's length
 * @param cpus                   online CPUs, from {@code /proc/stat}
 * @param machineBusyCpuSeconds  the run time of all the machine's tasks, from the root cgroup's cpuacct to the
 *                               nanosecond; where there is none, user + nice + system + irq + softirq ticks of all
 *                               CPUs (guest time is inside user)
 * @param measuredCpuSeconds     what the measured process trees and {@code compare} itself used: their threads'
 *                               scheduler time, and their waited-for children's ticks
 * @param outsideCpuSeconds      busy minus measured, never below 0 (the two are read a moment apart, so they may
 *                               disagree by a millisecond or so; by a tick or so per CPU where busy comes from ticks)
 * @param interruptCpuSeconds    irq + softirq ticks of all CPUs, for information: where the kernel accounts
 *                               interrupt time apart from tasks, it is in neither the cgroup's task time nor a
 *                               process's (the measured environment's own network traffic, load to server over
 *                               loopback or a bridge, lands here); only the ticks fallback counts it as busy
 * @param stealCpuSeconds        steal of all CPUs: time the hypervisor ran something else while this VM wanted
 *                               to run; 0 where the kernel does not report it
 * @param measuredProcesses      processes in the measured trees at the end of the turn; 0 means the roots were
 *                               wrong or had ended, and every busy CPU-second counts as outside
 */
public record Interference(double wallSeconds, int cpus, double machineBusyCpuSeconds, double measuredCpuSeconds,
                           double outsideCpuSeconds, double interruptCpuSeconds, double stealCpuSeconds,
                           int measuredProcesses) {

    /** Outside CPU-seconds as a share of the machine's capacity over the turn. */
    public double outsideShare() {
        return share(outsideCpuSeconds);
    }

    /** Steal CPU-seconds as a share of the machine's capacity over the turn. */
    public double stealShare() {
        return share(stealCpuSeconds);
    }

    /**
     * Whether the turn was disturbed: outside and steal shares together above {@code thresholdShare} (for example
     * 0.05 for "more than a few percent"). Both took CPU that the measured environment could otherwise have had.
     */
    public boolean disturbed(double thresholdShare) {
        return outsideShare() + stealShare() > thresholdShare;
    }

    /** One line for the console, for example {@code outside 12.3% of 2 CPUs over 10.0 s (2.46 CPU-s), steal 0.0%}. */
    public String describe() {
        return String.format(Locale.ROOT, "outside %.1f%% of %d CPUs over %.1f s (%.2f CPU-s), steal %.1f%%",
                100 * outsideShare(), cpus, wallSeconds, outsideCpuSeconds, 100 * stealShare());
    }

    private double share(double cpuSeconds) {
        double capacity = cpus * wallSeconds;
        return capacity > 0 ? cpuSeconds / capacity : 0;
    }
}
