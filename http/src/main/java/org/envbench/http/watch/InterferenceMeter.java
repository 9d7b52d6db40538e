package org.envbench.http.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures, over one turn, the CPU time the machine spent outside given process trees: the environment being
 * measured and {@code compare} itself. It reads {@code /proc/stat} (the machine) and {@code /proc/PID/stat} (every
 * process) at the start and at the end of the turn; nothing runs in between.
 *
 * <pre>{@code
 * InterferenceMeter meter = InterferenceMeter.create();
 * InterferenceMeter.Turn turn = meter.begin(List.of(serverPid, loadJvmPid));
 * // ... the turn's measurements ...
 * Interference interference = turn.end();
 * if (interference.disturbed(0.05)) System.err.println("turn disturbed: " + interference.describe());
 * }</pre>
 *
 * <p>What counts as measured: every process below each root at the end of the turn (found through
 * the parent pids in {@code /proc/*&#47;stat}), and this JVM alone, without its children: the other environments
 * are often this JVM's children, and one that was not paused is exactly what should show as outside. A process's
 * time is its own threads' (those that ended too) plus its waited-for children's ({@code cutime}, {@code cstime}).
 *
 * <p>Approximations, all within a turn:
 * <ul>
 * <li>A process that ends during the turn is gone from {@code /proc} at the end; what it used since the start
 *     reaches its parent's {@code cutime} once the parent waits for it. When that parent is measured, its
 *     {@code cutime} jumps by the child's whole lifetime, so the child's time at the start is subtracted (the same
 *     for a whole ended subtree, which passes up through its ended parents). A child
 *     not yet waited for is a zombie and still counted by itself. One whose parent had ended too went to init's
 *     {@code cutime} (or a subreaper's) and counts as outside.</li>
 * <li>A root that ends during the turn takes its time since the start with it unless its parent is measured:
 *     that time counts as outside.</li>
 * <li>A process that starts and ends between the two readings is counted only through its parent's
 *     {@code cutime}: inside when the parent is measured, outside otherwise.</li>
 * <li>A process that is not measured but whose measured parent waits for it during the turn (a paused
 *     environment that exits and is reaped by {@code compare}) lands inside, at its time during the turn.</li>
 * <li>Precision: a turn of a quick profile is often 50 ms long, when one clock tick (10 ms) is 10% of a CPU. So a
 *     process's own time comes from its threads' scheduler nanoseconds ({@link ThreadTimes}), and the machine's
 *     busy time from the root cgroup's task run time, also in nanoseconds ({@link Machine#taskNanos()}). What stays
 *     in ticks: children's time ({@code cutime}, {@code cstime}), steal, and the machine's busy time where there is
 *     no cgroup v1 cpuacct. With whole ticks everywhere (how this meter began) short turns were flagged as
 *     disturbed many times more often than long ones of the same quiet run (DESIGN.md, interference). The two
 *     sides are still read at slightly different moments, so on an idle machine outside time is a millisecond or
 *     so, never exactly 0; it is clamped at 0 when they disagree the other way.</li>
 * </ul>
 */
public final class InterferenceMeter {

    /** What {@code getconf CLK_TCK} says on every Linux this was tried on; used only when getconf cannot answer. */
    static final long USUAL_TICKS_PER_SECOND = 100;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final long ticksPerSecond;

    /** A meter that converts ticks with {@code ticksPerSecond}; {@link #create()} asks the system for it. */
    InterferenceMeter(long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks per second must be positive, not " + ticksPerSecond);
        }
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * A meter with the clock tick from {@code getconf CLK_TCK} (the unit of both {@code /proc/stat} and
     * {@code /proc/PID/stat}), or {@value #USUAL_TICKS_PER_SECOND} where getconf is missing or says nothing usable.
     */
    public static InterferenceMeter create() throws InterruptedException {
        return new InterferenceMeter(clockTicksPerSecond());
    }

    static long clockTicksPerSecond() throws InterruptedException {
        BoundedCommand getconf = BoundedCommand.run(List.of("getconf", "CLK_TCK"), Duration.ofSeconds(5));
        if (getconf.succeeded() && getconf.output().matches("[1-9][0-9]{0,5}")) {
            return Long.parseLong(getconf.output());
        }
        return USUAL_TICKS_PER_SECOND;
    }

    /** The clock tick this meter converts with. */
    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    /**
     * Starts a turn.
     *
     * @param roots pids whose whole trees are the measured environment: the bare server JVM; the container's init
     *              (or its conmon, to count conmon too); the VM launcher or qemu; the load generator's JVM. Pids that
     *              do not exist are ignored.
     */
    public Turn begin(Collection<Long> roots) {
        return new Turn(List.copyOf(roots));
    }

    /** One turn in progress; {@link #end()} may be called once. */
    public final class Turn {
        private final List<Long> roots;
        private final long self = ProcessHandle.current().pid();
        private final Machine machineAtStart;
        private final Map<Long, ProcStat> processesAtStart;
        private final Map<Long, ThreadTimes> threadsAtStart;
        private boolean ended;

        private Turn(List<Long> roots) {
            this.roots = roots;
            // The slow part, every /proc/PID/stat (for the trees and the ticks), comes before the machine's reading;
            // the machine and the measured threads are then read back to back, at the start and again at the end,
            // so that both sides cover nearly the same stretch: CPU time a running environment spends between the
            // two readings counts as outside.
            this.processesAtStart = ProcStat.all();
            Set<Long> measured = measured(processesAtStart);
            this.machineAtStart = Machine.read();
            // This JVM first at the start and last at the end: its own reading of /proc lands inside.
            this.threadsAtStart = new HashMap<>(Map.of(self, ThreadTimes.of(self)));
            threadsAtStart.putAll(threads(measured));
        }

        /** Ends the turn and says how much ran outside the measured trees. */
        public synchronized Interference end() {
            if (ended) {
                throw new IllegalStateException("this turn has already ended");
            }
            ended = true;
            Map<Long, ThreadTimes> threadsAtEnd = threads(threadsAtStart.keySet());
            threadsAtEnd.put(self, ThreadTimes.of(self));
            Machine machineAtEnd = Machine.read();
            Map<Long, ProcStat> processesAtEnd = ProcStat.all();
            Set<Long> measured = measured(processesAtEnd);
            // Processes that joined the trees during the turn, read a moment after the machine: a slight excess.
            threadsAtEnd.putAll(threads(measured.stream().filter(pid -> !threadsAtEnd.containsKey(pid)).toList()));

            double inside = 0;
            long childTicks = 0;
            for (long pid : measured) {
                ProcStat now = processesAtEnd.get(pid);
                ProcStat before = processesAtStart.get(pid);
                boolean same = now.sameProcess(before);
                inside += ownSeconds(now, same ? before : null, threadsAtEnd.get(pid),
                        same ? threadsAtStart.get(pid) : null);
                childTicks += now.childTicks() - (same ? before.childTicks() : 0);
            }
            for (ProcStat before : processesAtStart.values()) {
                if (!before.sameProcess(processesAtEnd.get(before.pid()))
                        && reapedIntoMeasured(before, processesAtStart, processesAtEnd, measured)) {
                    childTicks -= before.totalTicks();
                }
            }
            inside = Math.max(0, inside + seconds(childTicks));

            double wallSeconds = machineAtEnd.wallSecondsSince(machineAtStart);
            double busy = machineAtEnd.busySecondsSince(machineAtStart, ticksPerSecond);
            double interrupts = seconds(machineAtEnd.interruptTicks() - machineAtStart.interruptTicks());
            double steal = seconds(machineAtEnd.stealTicks() - machineAtStart.stealTicks());
            return new Interference(wallSeconds, machineAtEnd.cpus(), busy, inside, Math.max(0, busy - inside),
                    interrupts, steal, measured.size() - (processesAtEnd.containsKey(self) ? 1 : 0));
        }

        /** The measured pids in one snapshot: the roots' trees, and this JVM by itself. */
        private Set<Long> measured(Map<Long, ProcStat> snapshot) {
            Set<Long> measured = new LinkedHashSet<>(ProcStat.trees(snapshot, roots));
            if (snapshot.containsKey(self)) {
                measured.add(self);
            }
            return measured;
        }

        /**
         * A measured process's own CPU time in the turn (its threads', not its children's). From the scheduler's
         * nanoseconds where both readings have them; the ticks (off by less than one tick in each of utime and
         * stime) bound it from below, which catches threads that ended in between, and stand alone for a process
         * that was in the turn but not in the trees at its start.
         */
        private double ownSeconds(ProcStat now, ProcStat before, ThreadTimes threadsNow, ThreadTimes threadsBefore) {
            long ticks = now.ownTicks() - (before == null ? 0 : before.ownTicks());
            boolean newProcess = before == null;
            if (threadsNow == null || !threadsNow.known() || (!newProcess && threadsBefore == null)) {
                return seconds(ticks);
            }
            double nanos = threadsNow.nanosSince(newProcess ? new ThreadTimes(Map.of()) : threadsBefore) / 1e9;
            return Math.max(nanos, seconds(ticks - 2));
        }

        /** The threads of every pid but this JVM's (which {@link Turn} reads first and last). */
        private Map<Long, ThreadTimes> threads(Collection<Long> pids) {
            Map<Long, ThreadTimes> threads = new HashMap<>();
            for (long pid : pids) {
                if (pid != self) {
                    threads.put(pid, ThreadTimes.of(pid));
                }
            }
            return threads;
        }
    }



    /**
     * Whether {@code gone}, a process of the start that has ended, ends up in the {@code cutime} of a measured
     * process: its nearest ancestor (at the start) that still runs is measured. Its parents in between ended too,
     * and each passed its children's whole lifetimes up when it was waited for.
     */
    private static boolean reapedIntoMeasured(ProcStat gone, Map<Long, ProcStat> atStart, Map<Long, ProcStat> atEnd,
                                              Set<Long> measured) {
        ProcStat ancestor = atStart.get(gone.ppid());
        for (int depth = 0; ancestor != null && depth < 256; depth++) {
            if (ancestor.sameProcess(atEnd.get(ancestor.pid()))) {
                return measured.contains(ancestor.pid());
            }
            ancestor = atStart.get(ancestor.ppid());
        }
        return false;
    }

    private double seconds(long ticks) {
        return (double) ticks / ticksPerSecond;
    }

    /**
     * The first line of {@code /proc/stat}, the number of CPUs it lists, and the CPU time of all the machine's tasks
     * to the nanosecond where the kernel offers it.
     *
     * @param taskNanos the root cgroup's {@code cpuacct.usage} (cgroup v1): the scheduler's run time of every task,
     *                  exact, where {@code /proc/stat}'s fields are whole ticks (10 ms), each rounded down when read
     *                  and most of them counted by sampling at the tick. On a 2-CPU machine one tick is 10% of a
     *                  50 ms turn. -1 where there is no such file (a cgroup v2 host, a container); then the busy
     *                  time comes from the ticks.
     * @param nanos     {@link System#nanoTime()} when {@code taskNanos} was read: the turn's wall time is between two
     *                  of these, so that the capacity and the busy time cover the same stretch
     */
    record Machine(long busyTicks, long interruptTicks, long stealTicks, int cpus, long taskNanos, long nanos) {

        /** Where cgroup v1 mounts cpuacct, alone or with cpu. */
        private static final List<Path> ROOT_CPUACCT = List.of(Path.of("/sys/fs/cgroup/cpuacct/cpuacct.usage"),
                Path.of("/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage"));

        static Machine read() {
            Machine stat;
            try {
                stat = parse(Files.readAllLines(PROC_STAT));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + PROC_STAT + ": " + e.getMessage()
                        + "; measuring interference needs Linux with /proc mounted", e);
            }
            for (Path usage : ROOT_CPUACCT) {
                long before = System.nanoTime();
                long nanos = taskNanos(usage);
                long after = System.nanoTime();
                if (nanos >= 0) {
                    return stat.withTaskNanos(nanos, before + (after - before) / 2);
                }
            }
            return stat;
        }

        /**
         * Busy CPU-seconds since {@code before}: the tasks' run time where both readings have it, otherwise user,
         * nice, system, irq and softirq ticks. Never below 0 nor above the capacity.
         */
        double busySecondsSince(Machine before, long ticksPerSecond) {
            double busy = taskNanos >= 0 && before.taskNanos >= 0 ? (taskNanos - before.taskNanos) / 1e9
                    : (double) (busyTicks - before.busyTicks) / ticksPerSecond;
            return Math.min(cpus * wallSecondsSince(before), Math.max(0, busy));
        }

        /** The wall time since {@code before}, in seconds. */
        double wallSecondsSince(Machine before) {
            return (nanos - before.nanos) / 1e9;
        }

        Machine withTaskNanos(long tasks, long atNanos) {
            return new Machine(busyTicks, interruptTicks, stealTicks, cpus, tasks, atNanos);
        }

        private static long taskNanos(Path usage) {
            try {
                String text = Files.readString(usage).strip();
                return text.matches("[0-9]{1,19}") ? Long.parseLong(text) : -1;
            } catch (IOException e) {
                return -1;
            }
        }

        /**
         * {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}; guest and guest_nice are
         * already inside user and nice, and steal is missing on old kernels.
         */
        static Machine parse(List<String> lines) {
            long busy = -1;
            long interrupts = 0;
            long steal = 0;
            int cpus = 0;
            for (String line : lines) {
                String[] f = line.strip().split("\\s+");
                if (f[0].equals("cpu")) {
                    interrupts = f.length > 7 ? Long.parseLong(f[6]) + Long.parseLong(f[7]) : 0;
                    busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + interrupts;
                    steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                } else if (f[0].matches("cpu[0-9]+")) {
                    cpus++;
                }
            }
            if (busy < 0 || cpus == 0) {
                throw new IllegalArgumentException("no 'cpu' and 'cpuN' lines in " + PROC_STAT);
            }
            return new Machine(busy, interrupts, steal, cpus, -1, System.nanoTime());
        }
    }
}
