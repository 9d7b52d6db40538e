package org.envbench.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CgroupLimitsTest {

    /** Each recorded fixture, what it shows, and the limits read from it. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("podman-v2", "podman on cgroup v2", new CgroupLimits(1.0, 536_870_912L, 250_000_000L, 7, 2)),
                Arguments.of("docker-v1", "docker on cgroup v1 reads the files at the mount's top",
                        new CgroupLimits(1.5, 1_073_741_824L, 1_234_567_890L, 42, 1)),
                Arguments.of("cgroup-v1-nested", "a cgroup v1 limit on a parent binds the child",
                        new CgroupLimits(0.5, 268_435_456L, 900_000L, 3, 1)),
                Arguments.of("bare-metal", "cgroup v2 max means no limit", new CgroupLimits(-1, -1, -1, -1, 2)),
                Arguments.of("firecracker-host", "a hybrid layout uses the v1 controllers and treats the v1 unlimited"
                        + " value as none", new CgroupLimits(-1, -1, 0, 0, 1)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("fixtures")
    void readsTheLimitsOfARecordedFixture(String fixture, String shows, CgroupLimits expected) {
        assertEquals(expected, CgroupLimits.read(Fixtures.root(fixture)), shows);
    }

    @Test
    void noCgroupAtAll(@TempDir Path empty) {
        assertEquals(new CgroupLimits(-1, -1, -1, -1, 0), CgroupLimits.read(empty));
    }

    @Test
    void cpuMaxParsing() {
        assertEquals(-1, CgroupLimits.cpuMax("max 100000\n"));
        assertEquals(2.5, CgroupLimits.cpuMax("250000 100000\n"));
        assertEquals(0.5, CgroupLimits.cpuMax("50000 100000"));
        assertEquals(-1, CgroupLimits.cpuMax(null));
    }

    @Test
    void statValueFindsTheKeyOrSaysAbsent() {
        String stat = "nr_periods 120\nnr_throttled 7\nthrottled_usec 250000\n";

        assertEquals(7, CgroupLimits.statValue(stat, "nr_throttled"));
        assertEquals(-1, CgroupLimits.statValue(stat, "throttled_time"));
    }
}
