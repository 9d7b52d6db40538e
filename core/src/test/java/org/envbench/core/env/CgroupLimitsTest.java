package org.envbench.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLimitsTest {

    @Test
    void podmanOnCgroupV2() {
        CgroupLimits limits = CgroupLimits.read(Fixtures.root("podman-v2"));

        assertEquals(new CgroupLimits(1.0, 536_870_912L, 250_000_000L, 7, 2), limits);
    }

    @Test
    void dockerOnCgroupV1ReadsTheFilesAtTheMountsTop() {
        CgroupLimits limits = CgroupLimits.read(Fixtures.root("docker-v1"));

        assertEquals(new CgroupLimits(1.5, 1_073_741_824L, 1_234_567_890L, 42, 1), limits);
    }

    @Test
    void cgroupV1LimitOnAParentBindsTheChild() {
        CgroupLimits limits = CgroupLimits.read(Fixtures.root("cgroup-v1-nested"));

        assertEquals(new CgroupLimits(0.5, 268_435_456L, 900_000L, 3, 1), limits);
    }

    @Test
    void cgroupV2MaxMeansNoLimit() {
        CgroupLimits limits = CgroupLimits.read(Fixtures.root("bare-metal"));

        assertEquals(new CgroupLimits(-1, -1, -1, -1, 2), limits);
    }

    @Test
    void hybridLayoutUsesTheV1ControllersAndTreatsTheV1UnlimitedValueAsNone() {
        CgroupLimits limits = CgroupLimits.read(Fixtures.root("firecracker-host"));

        assertEquals(new CgroupLimits(-1, -1, 0, 0, 1), limits);
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
