package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.envbench.http.env.Budget;
import org.envbench.http.results.EnvironmentStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The freezer on real processes: the one being measured runs, the others are stopped, and all run again after. */
class FreezerTest {

    private final Process first = sleeper();
    private final Process second = sleeper();

    @AfterEach
    void stop() {
        for (Process process : List.of(first, second)) {
            process.destroyForcibly();
        }
    }

    @Test
    void stopsEveryEnvironmentButTheActiveOneAndResumesThemAll() throws Exception {
        EnvironmentUnderTest a = running("bare", first);
        EnvironmentUnderTest b = running("container", second);
        Freezer freezer = new Freezer(true);

        freezer.only(a, List.of(a, b));
        assertEquals(List.of('S', 'T'), states(), "while bare is measured the container is stopped");

        freezer.only(b, List.of(a, b));
        assertEquals(List.of('T', 'S'), states(), "then the other way round");

        freezer.resumeAll();
        assertEquals(List.of('S', 'S'), states(), "after the comparison both run again");
    }

    @Test
    void leavesEverythingRunningWhenOff() throws Exception {
        EnvironmentUnderTest a = running("bare", first);
        EnvironmentUnderTest b = running("container", second);

        new Freezer(false).only(a, List.of(a, b));

        assertEquals(List.of('S', 'S'), states());
    }

    /** The state letter of /proc/PID/stat, after the command name: S sleeping, T stopped. */
    private List<Character> states() throws IOException, InterruptedException {
        Thread.sleep(100);
        return List.of(state(first), state(second));
    }

    private static char state(Process process) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
    }

    private static Process sleeper() {
        try {
            return new ProcessBuilder("sleep", "60").start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EnvironmentUnderTest running(String label, Process process) {
        EnvironmentUnderTest slot = new EnvironmentUnderTest(label, FakeEnvironment.madeOf(label, process),
                new Budget(1, 1L << 30, List.of(), null), Duration.ZERO);
        slot.status = EnvironmentStatus.RUNNING;
        return slot;
    }
}
