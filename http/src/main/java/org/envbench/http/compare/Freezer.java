package org.envbench.http.compare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stops (SIGSTOP) the environments that are not being measured and continues (SIGCONT) the one that is.
 *
 * <p>Why: {@code compare} keeps every environment up for the interleaved rounds, and they share the server CPU.
 * An environment is never idle while it waits: a guest goes on JIT-compiling after its turn, a JVM collects and
 * compiles (DESIGN.md gives what that did to bare here). Stopped processes use no CPU, so each environment is
 * measured alone; the interleaving still spreads the machine's drift over all of them.
 *
 * <p>Every process stopped here is continued by {@link #resumeAll()}, which {@code compare} calls before it stops
 * the environments: a stopped process would hold a SIGTERM pending until the grace period ran out.
 */
final class Freezer {

    private static final long SIGNAL_TIMEOUT_SECONDS = 10;

    private final boolean enabled;
    private final Map<EnvironmentUnderTest, List<ProcessHandle>> stopped = new HashMap<>();

    Freezer(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    /** Continues {@code active} if it was stopped and stops every other running environment. */
    synchronized void only(EnvironmentUnderTest active, List<EnvironmentUnderTest> all) {
        if (!enabled) {
            return;
        }
        resume(active);
        for (EnvironmentUnderTest slot : all) {
            if (slot != active && slot.running() && !stopped.containsKey(slot)) {
                List<ProcessHandle> processes = slot.environment.hostProcesses().stream()
                        .filter(ProcessHandle::isAlive).toList();
                if (!processes.isEmpty()) {
                    stopped.put(slot, processes);
                    signal("STOP", processes);
                }
            }
        }
    }

    /** Continues one environment; a no-op when it was not stopped. */
    synchronized void resume(EnvironmentUnderTest slot) {
        List<ProcessHandle> processes = stopped.remove(slot);
        if (processes != null) {
            List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
            if (!alive.isEmpty()) {
                signal("CONT", alive);
            }
        }
    }

    /** Continues everything this freezer stopped. Safe to call more than once, also from the shutdown hook. */
    synchronized void resumeAll() {
        for (EnvironmentUnderTest slot : new ArrayList<>(stopped.keySet())) {
            resume(slot);
        }
    }

    /**
     * Sends the signal with kill(1). Its outcome is not checked: a process that died meanwhile makes kill fail for
     * it alone, and a dead process needs neither stopping nor continuing.
     */
    private static void signal(String name, List<ProcessHandle> processes) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        for (ProcessHandle process : processes) {
            command.add(Long.toString(process.pid()));
        }
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(SIGNAL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // No kill(1) here: nothing was stopped, so nothing is left stopped either.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
