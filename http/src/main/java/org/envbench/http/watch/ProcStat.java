package org.envbench.http.watch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One process as {@code /proc/PID/stat} shows it: the fields this package needs, times in clock ticks. The times
 * cover all of the process's threads, those that ended included; {@code cutime}/{@code cstime} hold what the
 * children it has waited for used.
 *
 * @param pid            the process id
 * @param ppid           its parent's id
 * @param state          {@code R}, {@code S}, {@code T} (stopped), {@code Z} (zombie), ...
 * @param userTicks      utime, field 14
 * @param systemTicks    stime, field 15
 * @param childUserTicks cutime, field 16
 * @param childSystemTicks cstime, field 17
 * @param startTicks     starttime, field 22: clock ticks after boot; with the pid it names a process uniquely
 */
record ProcStat(long pid, long ppid, char state, long userTicks, long systemTicks, long childUserTicks,
                long childSystemTicks, long startTicks) {

    static final Path PROC = Path.of("/proc");

    /** The process's own CPU time and that of the children it waited for, in ticks. */
    long totalTicks() {
        return userTicks + systemTicks + childUserTicks + childSystemTicks;
    }

    /** The process's own CPU time (its threads', those that ended included), in ticks. */
    long ownTicks() {
        return userTicks + systemTicks;
    }

    /** What the children it has waited for used, in ticks. */
    long childTicks() {
        return childUserTicks + childSystemTicks;
    }

    /** The same process: pid and start time both match (a pid alone may have been reused). */
    boolean sameProcess(ProcStat other) {
        return other != null && other.pid == pid && other.startTicks == startTicks;
    }

    /**
     * Parses one stat line. The command name (field 2) is in parentheses and may itself hold spaces and
     * parentheses, so the fields are counted from the last {@code ')'}.
     */
    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, open).strip());
        // After ')': field 3 (state) is index 0, so field N is index N - 3.
        String[] f = line.substring(close + 1).strip().split(" +");
        if (f.length < 20) {
            throw new IllegalArgumentException("a /proc/PID/stat line with " + (f.length + 2)
                    + " fields, at least 22 expected: " + line);
        }
        return new ProcStat(pid, Long.parseLong(f[1]), f[0].charAt(0), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]), Long.parseLong(f[19]));
    }

    /** The process {@code pid} now, or empty when it does not exist (or ended while it was read). */
    static Optional<ProcStat> of(long pid) {
        return read(PROC.resolve(Long.toString(pid)).resolve("stat"));
    }

    /** Every process now, by pid. Processes that end while the folder is listed are left out. */
    static Map<Long, ProcStat> all() {
        Map<Long, ProcStat> all = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcStat::isPidFolder)) {
            for (Path entry : entries) {
                read(entry.resolve("stat")).ifPresent(stat -> all.put(stat.pid(), stat));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + PROC + ": " + e.getMessage()
                    + "; this needs Linux with /proc mounted", e);
        }
        return all;
    }

    /**
     * The pids of {@code roots} that exist in {@code all} and of every process below them, found through the parent
     * pids of one snapshot; roots first.
     */
    static Set<Long> trees(Map<Long, ProcStat> all, Collection<Long> roots) {
        Map<Long, List<Long>> children = new HashMap<>();
        for (ProcStat stat : all.values()) {
            children.computeIfAbsent(stat.ppid(), k -> new ArrayList<>()).add(stat.pid());
        }
        Set<Long> found = new LinkedHashSet<>();
        Deque<Long> todo = new ArrayDeque<>();
        for (long root : roots) {
            if (all.containsKey(root) && found.add(root)) {
                todo.add(root);
            }
        }
        while (!todo.isEmpty()) {
            for (long child : children.getOrDefault(todo.poll(), List.of())) {
                if (found.add(child)) {
                    todo.add(child);
                }
            }
        }
        return found;
    }

    private static boolean isPidFolder(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static Optional<ProcStat> read(Path stat) {
        try {
            return Optional.of(parse(Files.readString(stat)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
