package org.envbench.http.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which CPUs the server and the load generator get. Where the machine has CPUs to spare, the server is pinned
 * to the last {@code ceil(cpus)} CPUs this process may use and the load generator to the others, so that the
 * load generator never takes the server's CPU time; on 2 cores with {@code --cpus 1} that is server on CPU 1,
 * load on CPU 0.
 *
 * @param serverCpuset CPUs for every environment's server, or null when not pinned
 * @param loadCpuset   CPUs for the load generator, or null when not pinned
 * @param note         what was decided and why, for the user and run.json
 */
public record CpuPlan(String serverCpuset, String loadCpuset, String note) {

    public static CpuPlan unpinned(String why) {
        return new CpuPlan(null, null, "server and load generator not pinned (" + why
                + "); the load generator may share the server's CPUs");
    }

    /** The plan for a budget of {@code cpus} on the given usable CPUs. */
    public static CpuPlan of(double cpus, List<Integer> allowed) {
        int serverCount = (int) Math.max(1, Math.ceil(cpus));
        if (allowed.size() <= serverCount) {
            return unpinned(allowed.size() + " usable CPUs, none to spare beyond the server's " + serverCount);
        }
        List<Integer> server = allowed.subList(allowed.size() - serverCount, allowed.size());
        List<Integer> load = allowed.subList(0, allowed.size() - serverCount);
        String serverSet = join(server);
        String loadSet = join(load);
        return new CpuPlan(serverSet, loadSet, "server pinned to CPU " + serverSet + ", load generator to CPU "
                + loadSet + " (" + allowed.size() + " usable CPUs, --cpus " + cpus + ")");
    }

    /** The CPUs this process may run on, from /proc/self/status, else 0..availableProcessors-1. */
    public static List<Integer> allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return parseList(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux or not readable: fall back to the count the JVM sees
        }
        List<Integer> cpus = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            cpus.add(i);
        }
        return cpus;
    }

    /** Parses a kernel CPU list such as {@code 0-3,6}. */
    static List<Integer> parseList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            String[] range = part.strip().split("-");
            int first = Integer.parseInt(range[0]);
            int last = range.length > 1 ? Integer.parseInt(range[1]) : first;
            for (int cpu = first; cpu <= last; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    private static String join(List<Integer> cpus) {
        return String.join(",", cpus.stream().map(String::valueOf).toList());
    }
}
