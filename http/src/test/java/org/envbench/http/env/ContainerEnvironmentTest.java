package org.envbench.http.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the container adapter that need no runtime: memory from cgroup files, flags, configuration. */
class ContainerEnvironmentTest {

    @TempDir
    Path root;

    @Test
    void cgroupV1MemoryIsUsageLessInactiveFileCache() throws Exception {
        Path container = Files.createDirectories(root.resolve("sys/memory/libpod_parent/libpod-abc"));
        Files.writeString(container.resolve("memory.usage_in_bytes"), "104857600\n");
        Files.writeString(container.resolve("memory.stat"), "cache 20000000\ninactive_file 1\ntotal_inactive_file 4857600\n");
        Path procCgroup = Files.writeString(root.resolve("cgroup"),
                "4:memory:/libpod_parent/libpod-abc\n3:cpuset:/libpod_parent/libpod-abc\n");

        assertEquals(OptionalLong.of(100_000_000),
                ContainerMemory.residentBytes(procCgroup, root.resolve("sys")));
    }

    @Test
    void cgroupV2MemoryIsCurrentLessInactiveFileCache() throws Exception {
        Path container = Files.createDirectories(root.resolve("sys/system.slice/docker-abc.scope"));
        Files.writeString(container.resolve("memory.current"), "50000000\n");
        Files.writeString(container.resolve("memory.stat"), "anon 40000000\ninactive_file 1000000\n");
        Path procCgroup = Files.writeString(root.resolve("cgroup"), "0::/system.slice/docker-abc.scope\n");

        assertEquals(OptionalLong.of(49_000_000),
                ContainerMemory.residentBytes(procCgroup, root.resolve("sys")));
    }

    @Test
    void noCgroupFilesMeansNoFigure() throws Exception {
        Path procCgroup = Files.writeString(root.resolve("cgroup"), "4:memory:/gone\n");
        assertTrue(ContainerMemory.residentBytes(procCgroup, root.resolve("sys")).isEmpty());
        assertTrue(ContainerMemory.residentBytes(root.resolve("absent"), root).isEmpty());
    }

    @Test
    void statsJsonUsageIsReadInDecimalAndBinaryUnits() throws Exception {
        assertEquals(OptionalLong.of(123_400_000), ContainerMemory.fromStatsJson(
                "[{\"id\":\"7258\",\"mem_usage\":\"123.4MB / 536.9MB\"}]"));
        assertEquals(OptionalLong.of(1536), ContainerMemory.fromStatsJson(
                "{\"MemUsage\":\"1.5KiB / 512MiB\"}"));
        assertTrue(ContainerMemory.fromStatsJson("[{\"mem_usage\":\"--\"}]").isEmpty());
    }

    @Test
    void jvmFlagsBecomeOneJavaOptionsValueAndFlagsWithSpacesAreRefused() {
        assertEquals("-XX:+UseSerialGC -Xmx256m",
                ContainerRunCommand.javaOptions(List.of("-XX:+UseSerialGC", "-Xmx256m")));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ContainerRunCommand.javaOptions(List.of("-Dname=a b")));
        assertTrue(refused.getMessage().contains("-Dname=a b"), refused.getMessage());
    }

    @Test
    void podmanBuildsWithTheConfiguredRuntimeAndUlimitsAndDockerWithout() {
        List<String> runArgs = List.of("--runtime", "runc", "--ulimit", "nofile=1024:1024", "--privileged");
        assertEquals(List.of("--runtime", "runc", "--ulimit", "nofile=1024:1024"), ContainerImage
                .buildArgsFromRunArgs(new ContainerRuntime("podman", Path.of("/usr/bin/podman"), runArgs)));
        assertEquals(List.of(), ContainerImage
                .buildArgsFromRunArgs(new ContainerRuntime("docker", Path.of("/usr/bin/docker"), runArgs)));
        assertEquals(List.of(), ContainerImage
                .buildArgsFromRunArgs(new ContainerRuntime("podman", Path.of("/usr/bin/podman"), null)));
    }

    @Test
    void baseIsParsedInAnyCaseAndAWrongValueSaysWhatIsAllowed() {
        assertEquals(ContainerEnvironment.Base.LOCAL, ContainerEnvironment.parseBase(" Local "));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ContainerEnvironment.parseBase("hub"));
        assertTrue(wrong.getMessage().contains("auto, registry, local"), wrong.getMessage());
    }

    @Test
    void withoutAnyRuntimeTheEnvironmentIsUnavailableWithAReason() {
        ContainerEnvironment environment = new ContainerEnvironment(root,
                new ContainerRuntime.Settings(root.resolve("no-such-runtime").toString(), null),
                ContainerEnvironment.Base.AUTO);
        String reason = environment.unavailableReason().orElseThrow();
        assertTrue(reason.startsWith("no container runtime"), reason);
        environment.close();
    }
}
