package org.envbench.core.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the cgroup of this process allows and how much it was throttled, read at the moment of the call.
 *
 * <p>The limit that binds is the tightest one on the way from the process's cgroup up to the root of the
 * mounted hierarchy, so every level is read, not only the leaf. OSHI's {@code CgroupInfo} is not used here: it has
 * no throttling counters and reads only the live system, so it could not be tested on recorded cgroup files.
 *
 * @param cpuQuotaCpus       the CPU quota as a number of CPUs (quota / period), or -1 when there is none
 * @param memoryLimitBytes   the memory limit, or -1 when there is none
 * @param throttledNanos     total time the cgroup was throttled by the CFS quota, or -1 when the cgroup does not say
 * @param throttledPeriods   number of periods in which it was throttled, or -1 when the cgroup does not say
 * @param version            1 or 2, or 0 when no cgroup was found
 */
public record CgroupLimits(double cpuQuotaCpus, long memoryLimitBytes, long throttledNanos, long throttledPeriods,
                           int version) {

    /**
     * Limits at or above this are "no limit": cgroup v1 writes its unlimited value as
     * 9223372036854771712, and no machine has an exbibyte of memory.
     */
    static final long UNLIMITED_MEMORY_BYTES = 1L << 60;

    private static final CgroupLimits NONE = new CgroupLimits(-1, -1, -1, -1, 0);

    /** Reads the limits of this process's cgroup (v1 or v2). */
    public static CgroupLimits read() {
        return read(Path.of("/"));
    }

    /**
     * Reads the limits of the process whose {@code proc/self/cgroup} and {@code proc/self/mountinfo} lie under
     * {@code root}, from the cgroup files under the same root. In a hybrid layout (v1 controllers plus an empty
     * unified hierarchy) the v1 controllers hold the limits, so v1 wins when its cpu or memory controller is mounted.
     */
    public static CgroupLimits read(Path root) {
        List<Mount> mounts = Mount.parseAll(text(root.resolve("proc/self/mountinfo")));
        List<Membership> memberships = Membership.parseAll(text(root.resolve("proc/self/cgroup")));
        Mount cpuV1 = Mount.v1(mounts, "cpu");
        Mount memoryV1 = Mount.v1(mounts, "memory");
        if (cpuV1 != null || memoryV1 != null) {
            return readV1(root, cpuV1, memoryV1, memberships);
        }
        Mount unified = mounts.stream().filter(m -> m.fsType().equals("cgroup2")).findFirst().orElse(null);
        if (unified != null) {
            return readV2(root, unified, memberships);
        }
        return NONE;
    }

    private static CgroupLimits readV1(Path root, Mount cpuMount, Mount memoryMount, List<Membership> memberships) {
        double quotaCpus = -1;
        long throttledNanos = -1;
        long throttledPeriods = -1;
        if (cpuMount != null) {
            List<Path> levels = cpuMount.levels(root, Membership.pathOf(memberships, "cpu"));
            Path binding = levels.get(0);
            for (Path level : levels) {
                long quota = number(text(level.resolve("cpu.cfs_quota_us")));
                long period = number(text(level.resolve("cpu.cfs_period_us")));
                if (quota > 0 && period > 0) {
                    double cpus = (double) quota / period;
                    if (quotaCpus < 0 || cpus < quotaCpus) {
                        quotaCpus = cpus;
                        binding = level;
                    }
                }
            }
            String stat = text(binding.resolve("cpu.stat"));
            throttledPeriods = statValue(stat, "nr_throttled");
            throttledNanos = statValue(stat, "throttled_time");
        }
        long memoryBytes = -1;
        if (memoryMount != null) {
            for (Path level : memoryMount.levels(root, Membership.pathOf(memberships, "memory"))) {
                memoryBytes = tighter(memoryBytes, number(text(level.resolve("memory.limit_in_bytes"))));
            }
        }
        return new CgroupLimits(quotaCpus, memoryBytes, throttledNanos, throttledPeriods, 1);
    }

    private static CgroupLimits readV2(Path root, Mount unified, List<Membership> memberships) {
        List<Path> levels = unified.levels(root, Membership.pathOf(memberships, ""));
        double quotaCpus = -1;
        Path binding = levels.get(0);
        long memoryBytes = -1;
        for (Path level : levels) {
            double cpus = cpuMax(text(level.resolve("cpu.max")));
            if (cpus > 0 && (quotaCpus < 0 || cpus < quotaCpus)) {
                quotaCpus = cpus;
                binding = level;
            }
            memoryBytes = tighter(memoryBytes, number(text(level.resolve("memory.max"))));
        }
        String stat = text(binding.resolve("cpu.stat"));
        long throttledMicros = statValue(stat, "throttled_usec");
        return new CgroupLimits(quotaCpus, memoryBytes, throttledMicros < 0 ? -1 : throttledMicros * 1_000,
                statValue(stat, "nr_throttled"), 2);
    }

    /** Parses v2 {@code cpu.max} ("QUOTA PERIOD" or "max PERIOD") into CPUs, -1 for no quota. */
    static double cpuMax(String text) {
        if (text == null) {
            return -1;
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length == 0 || parts[0].equals("max")) {
            return -1;
        }
        long quota = number(parts[0]);
        long period = parts.length > 1 ? number(parts[1]) : 100_000;
        return quota > 0 && period > 0 ? (double) quota / period : -1;
    }

    private static long tighter(long current, long candidate) {
        if (candidate <= 0 || candidate >= UNLIMITED_MEMORY_BYTES) {
            return current;
        }
        return current < 0 ? candidate : Math.min(current, candidate);
    }

    /** The value of {@code key} in a flat-keyed file such as {@code cpu.stat}, or -1 when absent. */
    static long statValue(String text, String key) {
        if (text == null) {
            return -1;
        }
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return number(parts[1]);
            }
        }
        return -1;
    }

    /** A non-negative integer from a cgroup file, or -1 for "max", an empty file or anything else. */
    private static long number(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** One line of {@code /proc/self/cgroup}: hierarchy id, controllers (empty for v2) and path. */
    private record Membership(List<String> controllers, String path) {

        static List<Membership> parseAll(String text) {
            List<Membership> memberships = new ArrayList<>();
            if (text == null) {
                return memberships;
            }
            for (String line : text.split("\n")) {
                String[] parts = line.split(":", 3);
                if (parts.length == 3) {
                    List<String> controllers = parts[1].isEmpty() ? List.of() : Arrays.asList(parts[1].split(","));
                    memberships.add(new Membership(controllers, parts[2].trim()));
                }
            }
            return memberships;
        }

        /** The path for a v1 controller, or for v2 when {@code controller} is empty; "/" when not listed. */
        static String pathOf(List<Membership> memberships, String controller) {
            for (Membership membership : memberships) {
                boolean match = controller.isEmpty()
                        ? membership.controllers().isEmpty()
                        : membership.controllers().contains(controller);
                if (match) {
                    return membership.path();
                }
            }
            return "/";
        }
    }

    /** One cgroup line of {@code /proc/self/mountinfo}. */
    private record Mount(String mountRoot, String mountPoint, String fsType, List<String> superOptions) {

        static List<Mount> parseAll(String text) {
            List<Mount> mounts = new ArrayList<>();
            if (text == null) {
                return mounts;
            }
            for (String line : text.split("\n")) {
                int separator = line.indexOf(" - ");
                if (separator < 0) {
                    continue;
                }
                String[] before = line.substring(0, separator).split(" ");
                String[] after = line.substring(separator + 3).split(" ");
                if (before.length < 5 || after.length < 3) {
                    continue;
                }
                mounts.add(new Mount(before[3], before[4], after[0], Arrays.asList(after[2].split(","))));
            }
            return mounts;
        }

        static Mount v1(List<Mount> mounts, String controller) {
            return mounts.stream()
                    .filter(m -> m.fsType().equals("cgroup") && m.superOptions().contains(controller))
                    .findFirst()
                    .orElse(null);
        }

        /**
         * The directories from the process's cgroup up to this mount's top, leaf first. A path outside the mount's
         * root (another cgroup namespace) or a directory that does not exist falls back to the mount's top.
         */
        List<Path> levels(Path root, String cgroupPath) {
            Path top = root.resolve(mountPoint.substring(1));
            String relative;
            if (mountRoot.equals("/")) {
                relative = cgroupPath;
            } else if (cgroupPath.equals(mountRoot) || cgroupPath.startsWith(mountRoot + "/")) {
                relative = cgroupPath.substring(mountRoot.length());
            } else {
                relative = "/";
            }
            String trimmed = relative.replaceAll("^/+", "");
            Path leaf = trimmed.isEmpty() ? top : top.resolve(trimmed).normalize();
            if (!leaf.startsWith(top) || !Files.isDirectory(leaf)) {
                leaf = top;
            }
            List<Path> levels = new ArrayList<>();
            for (Path level = leaf; level != null && level.startsWith(top); level = level.getParent()) {
                levels.add(level);
            }
            return levels;
        }
    }
}
