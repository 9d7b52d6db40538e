package org.envbench.http.env;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.envbench.http.host.CleanupHook;
import org.envbench.http.host.HealthWait;
import org.envbench.http.host.Ports;
import org.envbench.http.host.ProcStatus;
import org.envbench.http.watch.RunMarker;

/**
 * An environment the user describes by the command that starts {@code serve} in it ({@code --env-command
 * NAME='COMMAND'}): bubblewrap, systemd-nspawn, unshare, anything that ends in a server on 127.0.0.1's
 * {@code {port}}. envbench runs it as {@code /bin/sh -c 'exec COMMAND'}, times it from launch to healthy, pauses
 * and measures the whole process tree under it, and stops all of that tree at the end: a tool that forwards no
 * SIGTERM to what it started (unshare blocks it, nspawn kills its payload) leaves nothing behind either.
 *
 * <pre>{@code
 * compare --env-command bwrap='bwrap --ro-bind / / --dev /dev --proc /proc --bind /tmp /tmp --unshare-pid
 *     --die-with-parent {java} {flags} -jar {jar} serve --port {port}'
 * }</pre>
 *
 * <p>Placeholders: {@code {port}} (required) a free port on 127.0.0.1; {@code {jar}} the absolute
 * {@code envbench.jar}; {@code {java}} the build's own runtime, {@code http/runtime/bin/java}, the JRE every
 * environment runs; {@code {flags}} the budget's JVM flags, inline. The server's label comes from
 * {@code ENVBENCH_ENV}, set to NAME in the command's environment (a tool that clears the environment needs
 * {@code --env-label NAME}).
 */
public final class LaunchCommandEnvironment implements Environment {

    /** What NAME may be: it names a column value, a log file and a label. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    static final Set<String> PLACEHOLDERS = Set.of("port", "jar", "java", "flags");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_./:=+,@%-]+");
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /**
     * One {@code --env-command}: its name and its command with the placeholders still in it.
     *
     * @param name    the environment's name, as {@code --envs} and the results files name it
     * @param command the shell command, with {@code {port}} and optionally {@code {jar}}, {@code {java}},
     *                {@code {flags}}
     */
    public record Definition(String name, String command) {

        public Definition {
            requireName(name, "--env-command");
            if (command == null || command.isBlank()) {
                throw new IllegalArgumentException("--env-command " + name + "= has no command; expected "
                        + "NAME='COMMAND' where COMMAND starts envbench serve on 127.0.0.1 port {port}");
            }
            Matcher matcher = PLACEHOLDER.matcher(command);
            while (matcher.find()) {
                if (!PLACEHOLDERS.contains(matcher.group(1))) {
                    throw new IllegalArgumentException("--env-command " + name + ": unknown placeholder {"
                            + matcher.group(1) + "}; the placeholders are {port}, {jar}, {java} and {flags}");
                }
            }
            if (!command.contains("{port}")) {
                throw new IllegalArgumentException("--env-command " + name + ": the command has no {port}; "
                        + "envbench chooses the port and waits for /health there, so the command must pass {port} "
                        + "to serve, for example: ... serve --port {port}");
            }
        }

        /** {@code NAME=COMMAND}, as {@code --env-command} takes it. */
        public static Definition parse(String option) {
            int equals = option.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("--env-command '" + option + "' is not NAME='COMMAND', for "
                        + "example --env-command bwrap='bwrap --ro-bind / / ... serve --port {port}'");
            }
            return new Definition(option.substring(0, equals).strip(), option.substring(equals + 1).strip());
        }
    }

    /** Checks a NAME of {@code --env-command} or {@code --target}. */
    public static void requireName(String name, String option) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(option + " NAME '" + name + "' must be a lower-case letter followed "
                    + "by at most 31 lower-case letters, digits, - or _ (it names the environment in --envs and "
                    + "in the results)");
        }
    }

    private final Definition definition;
    private final Path jar;
    private final Path java;
    private final Path logDir;
    private final RunMarker marker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CleanupHook cleanupHook;
    private volatile Process process;

    /**
     * @param jar    the absolute envbench.jar for {@code {jar}}
     * @param java   the java executable for {@code {java}}
     * @param logDir where the command's stdout and stderr go, or null for a temporary folder
     * @param marker the run's mark in the command's environment, or null for none
     */
    public LaunchCommandEnvironment(Definition definition, Path jar, Path java, Path logDir, RunMarker marker) {
        this.definition = definition;
        this.jar = jar.toAbsolutePath().normalize();
        this.java = java.toAbsolutePath().normalize();
        this.logDir = logDir;
        this.marker = marker;
        this.cleanupHook = new CleanupHook("envbench-" + definition.name() + "-stop", this::close);
    }

    @Override
    public String name() {
        return definition.name();
    }

    @Override
    public Optional<String> unavailableReason() {
        if (definition.command().contains("{jar}") && !Files.isRegularFile(jar)) {
            return Optional.of(jar + " not found for {jar}; build it with ./mvnw -B package -DskipTests");
        }
        if (definition.command().contains("{java}") && !Files.isExecutable(java)) {
            return Optional.of(java + " not found for {java}; build it with ./mvnw -B package -DskipTests");
        }
        String program = definition.command().strip().split("\\s+")[0];
        if (SAFE_WORD.matcher(program).matches() && !program.contains("=") && !onPath(program)) {
            return Optional.of(program + " (the command's program) not found" + (program.contains("/") ? ""
                    : " on PATH") + "; install it or give its full path");
        }
        return Optional.empty();
    }

    /** The command with its placeholders filled in, as the shell gets it after {@code exec}. Visible for tests. */
    String expand(int port, List<String> jvmFlags) {
        Matcher matcher = PLACEHOLDER.matcher(definition.command());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "port" -> Integer.toString(port);
                case "jar" -> shellWord(jar.toString());
                case "java" -> shellWord(java.toString());
                case "flags" -> String.join(" ", jvmFlags.stream().map(LaunchCommandEnvironment::shellWord).toList());
                default -> throw new IllegalStateException("unchecked placeholder " + matcher.group());
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** {@code word} as one shell word: as it is where that is safe, else in single quotes. */
    static String shellWord(String word) {
        return SAFE_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    @Override
    public synchronized Started start(Budget budget, Duration timeout) throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name() + " already started; close() it first");
        }
        int port = Ports.freeLoopbackPort();
        String command = expand(port, BareEnvironment.effectiveFlags(budget));
        Path logs = logDir != null ? Files.createDirectories(logDir) : Files.createTempDirectory("envbench-" + name());
        Path stdout = logs.resolve(name() + "-serve.stdout.log");
        Path stderr = logs.resolve(name() + "-serve.stderr.log");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "exec " + command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("ENVBENCH_ENV", name());
        if (marker != null) {
            builder.environment().putAll(marker.environment());
        }
        cleanupHook.register();
        long launchNanos = System.nanoTime();
        Process started = builder.start();
        process = started;
        URI baseUri = URI.create("http://127.0.0.1:" + port + "/");
        try {
            HealthWait.await(http, baseUri, launchNanos + timeout.toNanos(), name() + " (" + command + ")", 1,
                    () -> started.isAlive() ? null : "exited with status " + started.exitValue()
                            + " (see " + stderr + ")");
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        double seconds = (System.nanoTime() - launchNanos) / 1e9;
        return new Started(baseUri, seconds, "launch command " + name(),
                new Launch(null, null, null, null, null, true, Launch.PATH_LOOPBACK, command));
    }

    /** The launched process and every process under it (the tool, its helpers, the JVM). */
    @Override
    public List<ProcessHandle> hostProcesses() {
        return Environment.liveTree(process);
    }

    /** The sum of the resident memory of the whole tree. */
    @Override
    public OptionalLong hostResidentBytes() {
        List<ProcessHandle> tree = hostProcesses();
        if (tree.isEmpty()) {
            return OptionalLong.empty();
        }
        long sum = 0;
        for (ProcessHandle handle : tree) {
            sum += ProcStatus.residentBytes(handle.pid()).orElse(0);
        }
        return OptionalLong.of(sum);
    }

    @Override
    public void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout) throws IOException {
        throw new IOException("JMH does not run in a launch-command environment (" + name() + "): envbench knows "
                + "how to start serve there, not benchmarks.jar");
    }

    /**
     * SIGTERM to every process of the tree (so the JVM shuts down cleanly even where the tool would kill it),
     * SIGKILL to what is left after the grace period, then the launched process is reaped. Idempotent.
     */
    @Override
    public void close() {
        Process running;
        synchronized (this) {
            running = process;
            process = null;
        }
        if (running != null) {
            List<ProcessHandle> tree = Environment.withDescendants(running.toHandle());
            tree.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + STOP_GRACE.toNanos();
            for (ProcessHandle handle : tree) {
                long leftMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                try {
                    handle.onExit().get(leftMillis, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // A process that does not stop in time: its new children would otherwise escape the kill.
                    handle.descendants().forEach(ProcessHandle::destroyForcibly);
                    handle.destroyForcibly();
                } catch (InterruptedException e) {
                    tree.forEach(ProcessHandle::destroyForcibly);
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                running.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cleanupHook.unregister();
    }

    private static boolean onPath(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** The exact definition, for messages. */
    public Definition definition() {
        return definition;
    }

}
