package org.envbench.http.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real busy loops beside and inside a measured turn. The machine is shared, so nothing here expects an idle
 * machine: each assertion compares the meter with the loop's own CPU time, read independently from /proc.
 */
class InterferenceMeterTest {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void parsesAStatLineWhoseCommandHoldsSpacesAndParentheses() {
        ProcStat stat = ProcStat.parse("4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 "
                + "17 5 3 2 20 0 1 0 98765 1000 10 18446744073709551615");
        assertEquals(4242, stat.pid());
        assertEquals(1, stat.ppid());
        assertEquals('S', stat.state());
        assertEquals(17 + 5 + 3 + 2, stat.totalTicks());
        assertEquals(98765, stat.startTicks());
    }

    @Test
    void machineBusyLeavesOutIdleIowaitAndGuestAndReadsSteal() {
        InterferenceMeter.Machine machine = InterferenceMeter.Machine.parse(List.of(
                "cpu  100 20 30 5000 40 6 7 8 50 0",
                "cpu0 50 10 15 2500 20 3 3 4 25 0",
                "cpu1 50 10 15 2500 20 3 4 4 25 0",
                "intr 12345 0 0"));
        assertEquals(100 + 20 + 30 + 6 + 7, machine.busyTicks());
        assertEquals(6 + 7, machine.interruptTicks());
        assertEquals(8, machine.stealTicks());
        assertEquals(2, machine.cpus());
        assertThrows(IllegalArgumentException.class, () -> InterferenceMeter.Machine.parse(List.of("intr 1 2")));
    }

    @Test
    void busyTimeIsTheTasksRunTimeWhereTheCgroupGivesItAndTheTicksOtherwise() {
        InterferenceMeter.Machine before = InterferenceMeter.Machine.parse(List.of(
                "cpu  100 0 0 5000 40 0 0 8 0 0", "cpu0 0", "cpu1 0")).withTaskNanos(7_000_000_000L, 0);
        // 0.5 s of wall on 2 CPUs: the tasks ran 0.2 CPU-s, the ticks say 0.3.
        InterferenceMeter.Machine after = InterferenceMeter.Machine.parse(List.of(
                "cpu  130 0 0 5060 50 0 0 18 0 0", "cpu0 0", "cpu1 0"));
        assertEquals(0.5, after.withTaskNanos(-1, 500_000_000L).wallSecondsSince(before), 1e-12);
        assertEquals(0.2, after.withTaskNanos(7_200_000_000L, 500_000_000L).busySecondsSince(before, 100), 1e-9);
        assertEquals(0.3, after.withTaskNanos(-1, 500_000_000L).busySecondsSince(before, 100), 1e-9,
                "without cpuacct, the ticks");
        assertEquals(1.0, after.withTaskNanos(9_000_000_000L, 500_000_000L).busySecondsSince(before, 100), 0.0,
                "never above the capacity");
    }

    @Test
    void aThreadsRunTimeIsTheFirstSchedstatFieldAndEndedThreadsAreLost() {
        assertEquals(9486099L, ThreadTimes.parse("9486099 61516 3\n").orElseThrow());
        assertTrue(ThreadTimes.parse("").isEmpty());
        ThreadTimes before = new ThreadTimes(Map.of(1L, 100L, 2L, 500L));
        ThreadTimes after = new ThreadTimes(Map.of(1L, 350L, 3L, 40L));
        assertEquals(250 + 40, after.nanosSince(before), "thread 2 ended, thread 3 is new");
        assertTrue(ThreadTimes.of(ProcessHandle.current().pid()).nanosByThread().size() > 1, "this JVM's threads");
    }

    /**
     * A turn as short as a quick profile's, with this JVM spinning through it: this JVM is always measured, so
     * nearly all of the spin is inside. With whole clock ticks per process (10 ms each, truncated twice) a 60 ms
     * turn could lose up to 20 ms of it; the thread's own CPU clock is the independent reference.
     */
    @Test
    void aShortTurnCountsThisJvmsSpinToTheMillisecond() {
        InterferenceMeter meter = new InterferenceMeter(100);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        InterferenceMeter.Turn turn = meter.begin(List.of());
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long until = System.nanoTime() + 60_000_000L;
        long spins = 0;
        while (System.nanoTime() < until) {
            spins++;
        }
        double spinSeconds = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9;
        Interference interference = turn.end();
        assertTrue(spins > 0);
        assertTrue(interference.measuredCpuSeconds() >= spinSeconds - 0.002,
                "measured " + interference.measuredCpuSeconds() + " CPU-s, the spinning thread alone " + spinSeconds);
    }

    @Test
    void theClockTickComesFromGetconf() throws InterruptedException {
        long ticks = InterferenceMeter.clockTicksPerSecond();
        assertTrue(ticks >= 100 && ticks <= 10_000, "CLK_TCK " + ticks);
    }

    @Test
    void aBusyLoopBesideTheTurnCountsAsOutside() throws Exception {
        InterferenceMeter meter = InterferenceMeter.create();
        Process loop = busyLoop(4);
        long loopTicksBefore = treeTicks(loop.pid());
        InterferenceMeter.Turn turn = meter.begin(List.of());
        Thread.sleep(2_000);
        long loopTicksAfter = treeTicks(loop.pid());
        Interference interference = turn.end();

        double loopSeconds = (loopTicksAfter - loopTicksBefore) / (double) meter.ticksPerSecond();
        assertTrue(loopSeconds > 0.1, "the loop ran " + loopSeconds + " CPU-s in 2 s: too loaded a machine to tell");
        // A single-threaded loop cannot use more than one CPU per second of wall time: checks the tick conversion.
        assertTrue(loopSeconds <= interference.wallSeconds() * 1.1 + 0.05,
                loopSeconds + " CPU-s in " + interference.wallSeconds() + " s");
        assertTrue(interference.outsideCpuSeconds() >= 0.5 * loopSeconds,
                "outside " + interference.describe() + " should hold most of the loop's " + loopSeconds + " CPU-s");
        double capacity = interference.cpus() * interference.wallSeconds();
        assertTrue(interference.outsideShare() >= 0.5 * loopSeconds / capacity, interference.describe());
        assertTrue(interference.disturbed(0.01), interference.describe());
        assertFalse(interference.disturbed(1.01), "a share above 1 of the machine is impossible");
    }

    @Test
    void aBusyLoopInsideTheMeasuredTreeIsNotOutside() throws Exception {
        InterferenceMeter meter = InterferenceMeter.create();
        Process loop = busyLoop(4);
        long loopTicksBefore = treeTicks(loop.pid());
        InterferenceMeter.Turn turn = meter.begin(List.of(loop.pid()));
        Thread.sleep(2_000);
        long loopTicksAfter = treeTicks(loop.pid());
        Interference interference = turn.end();

        double loopSeconds = (loopTicksAfter - loopTicksBefore) / (double) meter.ticksPerSecond();
        assumeTrue(loopSeconds > 0.1, "the loop ran " + loopSeconds + " CPU-s in 2 s: too loaded a machine to tell");
        assertTrue(interference.measuredProcesses() >= 2, "timeout and its sh: " + interference);
        assertTrue(interference.measuredCpuSeconds() >= 0.8 * loopSeconds,
                "measured " + interference.measuredCpuSeconds() + " CPU-s, the loop alone " + loopSeconds);
        assertTrue(interference.outsideCpuSeconds() <= interference.machineBusyCpuSeconds() - 0.8 * loopSeconds + 1e-9,
                interference.describe() + " counts the loop's " + loopSeconds + " CPU-s as outside");
    }

    @Test
    void aChildThatEndsDuringTheTurnCountsOnlyItsTimeInTheTurn() throws Exception {
        InterferenceMeter meter = InterferenceMeter.create();
        // The loop runs for 2 s and ends; its parent sh waits for it, so its whole lifetime lands in sh's cutime.
        Process parent = start("sh", "-c", "timeout 2 sh -c 'while :; do :; done'; sleep 3");
        Thread.sleep(1_000);
        long loopTicksBeforeTurn = treeTicks(parent.pid());
        assumeTrue(loopTicksBeforeTurn > 0, "the loop got no CPU in its first second: too loaded a machine to tell");
        InterferenceMeter.Turn turn = meter.begin(List.of(parent.pid()));
        Thread.sleep(2_500);
        Interference interference = turn.end();
        assertTrue(parent.isAlive(), "sh still sleeps: the loop ended during the turn, not after it");

        // At most the loop's last second (it is single-threaded) plus this JVM's own slight work, never the loop's
        // first second again.
        ProcStat sh = ProcStat.of(parent.pid()).orElseThrow();
        double loopLifetimeSeconds = (sh.childUserTicks() + sh.childSystemTicks()) / (double) meter.ticksPerSecond();
        double beforeTurn = loopTicksBeforeTurn / (double) meter.ticksPerSecond();
        assertTrue(interference.measuredCpuSeconds() <= loopLifetimeSeconds - beforeTurn + 0.5,
                "measured " + interference.measuredCpuSeconds() + " CPU-s; the loop used " + loopLifetimeSeconds
                        + " CPU-s in all, " + beforeTurn + " of them before the turn");
    }

    @Test
    void aTurnEndsOnce() {
        InterferenceMeter.Turn turn = new InterferenceMeter(100).begin(List.of());
        turn.end();
        assertThrows(IllegalStateException.class, turn::end);
    }

    private Process busyLoop(int seconds) throws Exception {
        return start("timeout", Integer.toString(seconds), "sh", "-c", "while :; do :; done");
    }

    private Process start(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(process);
        return process;
    }

    /** CPU ticks of {@code root}'s tree, from /proc directly. */
    private static long treeTicks(long root) {
        Map<Long, ProcStat> all = ProcStat.all();
        return ProcStat.trees(all, List.of(root)).stream().mapToLong(pid -> all.get(pid).totalTicks()).sum();
    }
}
