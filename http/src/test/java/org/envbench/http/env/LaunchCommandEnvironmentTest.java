package org.envbench.http.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.envbench.http.watch.RunMarker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --env-command}: what a definition accepts, how the placeholders expand, and a real launch through a shell
 * wrapper, started, stopped with its whole tree and started again on the same instance.
 */
class LaunchCommandEnvironmentTest {

    private static final Path JAR = Path.of("/opt/envbench dir/envbench.jar");
    private static final Path JAVA = Path.of("/opt/runtime/bin/java");

    @Test
    void placeholdersExpandToShellWords() {
        LaunchCommandEnvironment env = new LaunchCommandEnvironment(LaunchCommandEnvironment.Definition.parse(
                "nspawn=tool --bind-ro={jar}:/opt/envbench.jar {java} {flags} -jar {jar} serve --port {port}"),
                JAR, JAVA, null, null);
        assertEquals("tool --bind-ro='/opt/envbench dir/envbench.jar':/opt/envbench.jar /opt/runtime/bin/java "
                        + "-Xmx256m '-Dname=a b' -jar '/opt/envbench dir/envbench.jar' serve --port 40123",
                env.expand(40123, List.of("-Xmx256m", "-Dname=a b")));
        assertEquals("nspawn", env.name());
    }

    @Test
    void definitionsThatCannotWorkSayWhy() {
        assertMessage("has no {port}", "bwrap=bwrap java -jar x.jar serve");
        assertMessage("is not NAME='COMMAND'", "bwrap bwrap --port {port}");
        assertMessage("NAME 'Bad Name' must be a lower-case letter", "Bad Name=x --port {port}");
        assertMessage("NAME '' must be", "=x --port {port}");
        assertMessage("has no command", "bwrap=");
        assertMessage("unknown placeholder {prot}", "bwrap=x --port {prot}");
    }

    private static void assertMessage(String expected, String option) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchCommandEnvironment.Definition.parse(option));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void missingProgramMakesItUnavailable() {
        LaunchCommandEnvironment env = new LaunchCommandEnvironment(LaunchCommandEnvironment.Definition.parse(
                "nope=envbench-no-such-tool serve --port {port}"), JAR, JAVA, null, null);
        assertTrue(env.unavailableReason().orElseThrow().contains("envbench-no-such-tool"),
                env.unavailableReason().toString());
    }

    @Test
    void commandThatDiesBeforeHealthyFailsWithItsStatusAndLeavesNothing(@TempDir Path logs) throws Exception {
        LaunchCommandEnvironment env = new LaunchCommandEnvironment(LaunchCommandEnvironment.Definition.parse(
                "dies=/bin/sh -c 'echo no server on $0 >&2; exit 3' {port}"), JAR, JAVA, logs, null);
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> env.start(new Budget(1, 512L << 20, List.of(), null), Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        assertTrue(Files.readString(logs.resolve("dies-serve.stderr.log")).contains("no server on"));
        assertEquals(List.of(), env.hostProcesses());
        env.close();
    }

    /**
     * {@code sh -c 'sleep & exec java'} under a tool-like wrapper: the tree has the JVM and a sleeper under it; close
     * must end all of them, and the same instance must start again (compare starts each environment once per fork).
     */
    @Test
    void startsStopsTheWholeTreeAndStartsAgain(@TempDir Path logs) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String command = "/bin/sh -c 'sleep 600 & exec \"$0\" \"$@\"' {java} {flags} -cp "
                + LaunchCommandEnvironment.shellWord(System.getProperty("java.class.path"))
                + " org.envbench.http.Main serve --port {port}";
        RunMarker marker = RunMarker.forThisProcess("launch-test");
        Budget budget = new Budget(1, 512L << 20, List.of("-XX:+UseSerialGC", "-Xmx64m"), null);
        LaunchCommandEnvironment env = new LaunchCommandEnvironment(
                LaunchCommandEnvironment.Definition.parse("shell=" + command), JAR, java, logs, marker);
        assertEquals(Optional.empty(), env.unavailableReason());
        HttpClient http = HttpClient.newHttpClient();
        for (int round = 1; round <= 2; round++) {
            Started started = env.start(budget, Duration.ofMinutes(1));
            assertTrue(started.launchToHealthySeconds() > 0 && started.launchToHealthySeconds() < 60);
            assertTrue(started.launch().command().contains("-XX:MaxRAM=536870912"), started.launch().command());
            assertTrue(started.launch().managed());
            String status = http.send(HttpRequest.newBuilder(started.baseUri().resolve("status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(status.contains("\"env\":\"shell\""), "ENVBENCH_ENV names the environment: " + status);
            List<ProcessHandle> tree = env.hostProcesses();
            // The shells exec'd into java, which inherited the sleeper: a child that is no server, as a tool's is.
            assertTrue(tree.size() >= 2, "java and the sleep under it: " + describe(tree));
            long java17 = tree.stream().filter(h -> h.info().command().orElse("").endsWith("/java")).count();
            assertEquals(1, java17, describe(tree));
            long jvmPid = tree.stream().filter(h -> h.info().command().orElse("").endsWith("/java"))
                    .findFirst().orElseThrow().pid();
            assertTrue(Files.readString(Path.of("/proc", Long.toString(jvmPid), "environ"))
                    .contains(RunMarker.RUN_ID_VARIABLE + "=launch-test"), "the run marker reaches the server");
            assertTrue(env.hostResidentBytes().orElseThrow() > 16L << 20, "the tree's resident memory");

            env.close();
            for (ProcessHandle process : tree) {
                assertFalse(process.isAlive(), "left running after close: " + describe(List.of(process)));
            }
            assertEquals(List.of(), env.hostProcesses());
            env.close();
        }
    }

    private static String describe(List<ProcessHandle> tree) {
        return tree.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList().toString();
    }
}
