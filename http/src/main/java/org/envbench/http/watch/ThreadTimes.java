package org.envbench.http.watch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU time of each live thread of one process, in nanoseconds, from {@code /proc/PID/task/TID/schedstat}
 * (its first field is the scheduler's {@code sum_exec_runtime}).
 *
 * <p>Why not {@code utime + stime} of {@code /proc/PID/stat}: those are whole clock ticks (10 ms where
 * {@code CLK_TCK} is 100), each truncated when read, so a process's time over a turn of 50 ms is off by up to two
 * ticks, 40% of one CPU over that turn. A turn of a quick profile is often that short. The scheduler's sum is exact
 * to the nanosecond; what it does not see is a thread that ended between the two readings (its time since the first
 * reading is lost), which {@link InterferenceMeter} bounds with the ticks.
 *
 * @param nanosByThread CPU nanoseconds by thread id; empty when the process has ended or schedstat is absent
 */
record ThreadTimes(Map<Long, Long> nanosByThread) {

    /** The threads of {@code pid} now; empty when it has ended or the kernel has no schedstat. */
    static ThreadTimes of(long pid) {
        Map<Long, Long> nanos = new HashMap<>();
        Path tasks = ProcStat.PROC.resolve(Long.toString(pid)).resolve("task");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
            for (Path task : entries) {
                read(task.resolve("schedstat")).ifPresent(ns -> nanos.put(Long.parseLong(
                        task.getFileName().toString()), ns));
            }
        } catch (IOException | NumberFormatException e) {
            return new ThreadTimes(Map.of());
        }
        return new ThreadTimes(Map.copyOf(nanos));
    }

    /** Whether any thread was read. */
    boolean known() {
        return !nanosByThread.isEmpty();
    }

    /**
     * CPU nanoseconds the threads used since {@code before}, a reading of the same process: a thread that is new
     * counts from 0 (it started in between), one that has ended is lost.
     */
    long nanosSince(ThreadTimes before) {
        long sum = 0;
        for (Map.Entry<Long, Long> thread : nanosByThread.entrySet()) {
            sum += Math.max(0, thread.getValue() - before.nanosByThread.getOrDefault(thread.getKey(), 0L));
        }
        return sum;
    }

    /** The first field of one schedstat line: {@code runtime_ns wait_ns timeslices}. */
    static Optional<Long> parse(String line) {
        String[] f = line.strip().split("\\s+");
        if (f.length < 1 || !f[0].matches("[0-9]{1,19}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(f[0]));
    }

    private static Optional<Long> read(Path schedstat) {
        try {
            return parse(Files.readString(schedstat));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
