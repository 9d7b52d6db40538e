package org.envbench.http.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The container command lines as the runtime receives them: the budget as limits, gVisor's runtime swapped in. */
class ContainerRunCommandTest {

    private static final ContainerRuntime PODMAN = new ContainerRuntime("podman", Path.of("/usr/bin/podman"),
            List.of("--runtime", "crun", "--ulimit", "nofile=1024:1024"));
    private static final ContainerRuntime DOCKER = new ContainerRuntime("docker", Path.of("/usr/bin/docker"),
            List.of("--runtime=runc"));

    @Test
    void serverRunsDetachedUnderTheBudgetWithItsLabelsAndOnePublishedLoopbackPort() {
        Budget budget = new Budget(1.50, 512L << 20, List.of("-Xmx128m", "-XX:+UseSerialGC"), "1");
        List<String> command = new ContainerRunCommand(null, "owner-1")
                .server(PODMAN, PODMAN.runArgs(), "envbench-abc", budget, "container", 40123);
        assertEquals(List.of("/usr/bin/podman", "run", "--name", "envbench-abc",
                "--label", ContainerEnvironment.LABEL, "--label", "org.envbench.owner=owner-1",
                "--cpus", "1.5", "--memory", "536870912b", "--cpuset-cpus", "1",
                "-e", "JDK_JAVA_OPTIONS=-Xmx128m -XX:+UseSerialGC",
                "--detach", "--no-healthcheck", "-e", "ENVBENCH_ENV=container", "-p", "127.0.0.1:40123:8080",
                "--runtime", "crun", "--ulimit", "nofile=1024:1024", ContainerEnvironment.IMAGE), command);
    }

    @Test
    void jmhWritesIntoTheMountedExchangeFolderAndPodmanRelabelsIt() {
        Budget budget = new Budget(2, 1L << 30, List.of(), null);
        List<String> podman = new ContainerRunCommand(null, "o")
                .jmh(PODMAN, List.of(), "envbench-jmh-1", budget, Path.of("/tmp/x"), List.of("-f", "1"));
        assertEquals(List.of("/usr/bin/podman", "run", "--name", "envbench-jmh-1",
                "--label", ContainerEnvironment.LABEL, "--label", "org.envbench.owner=o",
                "--cpus", "2", "--memory", "1073741824b", "--rm", "--no-healthcheck", "-v", "/tmp/x:/results:Z",
                ContainerEnvironment.IMAGE, "jmh", "-f", "1", "-rf", "json", "-rff", "/results/jmh.json"), podman);
        List<String> docker = new ContainerRunCommand(null, "o")
                .jmh(DOCKER, List.of(), "envbench-jmh-1", budget, Path.of("/tmp/x"), List.of());
        assertEquals("/tmp/x:/results", docker.get(docker.indexOf("-v") + 1));
    }

    @Test
    void gvisorReplacesTheOciRuntimeInEitherFormAndKeepsTheRest() {
        Gvisor gvisor = new Gvisor(Path.of("/checkout"));
        assertEquals(List.of("--ulimit", "nofile=1024:1024", "--runtime", "/checkout/" + Gvisor.WRAPPER),
                gvisor.args(PODMAN, PODMAN.runArgs()));
        assertEquals(List.of("--runtime", Gvisor.DOCKER_RUNTIME), gvisor.args(DOCKER, DOCKER.runArgs()));
        assertEquals(List.of("--ulimit", "nofile=1024:1024", "--runtime", "/checkout/" + Gvisor.WRAPPER),
                gvisor.runArgs(PODMAN), "before a probe: the runtime's own arguments with runsc");
    }
}
