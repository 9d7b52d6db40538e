package org.envbench.http.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
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
 * <li>The machine's busy time is sampled per tick, a process's is its scheduler time: on an idle machine outside
 *     time is a few ticks, never exactly 0; it is clamped at 0 when the two disagree the other way.</li>
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
        private final long startNanos;
        private final Machine machineAtStart;
        private final Map<Long, ProcStat> processesAtStart;
        private boolean ended;

        private Turn(List<Long> roots) {
            this.roots = roots;
            // The machine's readings enclose the processes': what happens between them counts as outside, never
            // the other way round.
            this.startNanos = System.nanoTime();
            this.machineAtStart = Machine.read();
            this.processesAtStart = ProcStat.all();
        }

        /** Ends the turn and says how much ran outside the measured trees. */
        public synchronized Interference end() {
            if (ended) {
                throw new IllegalStateException("this turn has already ended");
            }
            ended = true;
            Map<Long, ProcStat> processesAtEnd = ProcStat.all();
            Machine machineAtEnd = Machine.read();
            long endNanos = System.nanoTime();

            Set<Long> trees = ProcStat.trees(processesAtEnd, roots);
            Set<Long> measured = new HashSet<>(trees);
            if (processesAtEnd.containsKey(self)) {
                measured.add(self);
            }
            long measuredTicks = 0;
            for (long pid : measured) {
                ProcStat now = processesAtEnd.get(pid);
                ProcStat before = processesAtStart.get(pid);
                measuredTicks += now.totalTicks() - (now.sameProcess(before) ? before.totalTicks() : 0);
            }
            for (ProcStat before : processesAtStart.values()) {
                if (!before.sameProcess(processesAtEnd.get(before.pid()))
                        && reapedIntoMeasured(before, processesAtStart, processesAtEnd, measured)) {
                    measuredTicks -= before.totalTicks();
                }
            }
            measuredTicks = Math.max(0, measuredTicks);

            double wallSeconds = (endNanos - startNanos) / 1e9;
            double busy = seconds(machineAtEnd.busyTicks() - machineAtStart.busyTicks());
            double inside = seconds(measuredTicks);
            double interrupts = seconds(machineAtEnd.interruptTicks() - machineAtStart.interruptTicks());
            double steal = seconds(machineAtEnd.stealTicks() - machineAtStart.stealTicks());
            return new Interference(wallSeconds, machineAtEnd.cpus(), busy, inside, Math.max(0, busy - inside),
                    interrupts, steal, trees.size());
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

    /** The first line of {@code /proc/stat} and the number of CPUs it lists. */
    record Machine(long busyTicks, long interruptTicks, long stealTicks, int cpus) {

        static Machine read() {
            try {
                return parse(Files.readAllLines(PROC_STAT));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + PROC_STAT + ": " + e.getMessage()
                        + "; measuring interference needs Linux with /proc mounted", e);
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
            return new Machine(busy, interrupts, steal, cpus);
        }
    }
}
