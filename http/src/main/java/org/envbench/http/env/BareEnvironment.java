package org.envbench.http.env;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.envbench.http.host.CleanupHook;
import org.envbench.http.host.HealthWait;
import org.envbench.http.host.ProcStatus;
import org.envbench.http.host.Taskset;
import org.envbench.http.watch.RunMarker;

/**
 * The host itself: {@code serve} as a child JVM on 127.0.0.1 at a free port, with the budget's JVM flags.
 * The host has no container to enforce the budget, so the JVM is told it ({@code -XX:ActiveProcessorCount},
 * {@code -XX:MaxRAM}) and sizes its heap and thread pools as it would in a container with that budget, and
 * {@code taskset} pins it when the budget names a cpuset. Memory is not enforced: the detail says so.
 */
public final class BareEnvironment implements Environment {

    /** The line {@code serve} prints first once it listens; only the URL matters. */
    static final Pattern READY_LINE = Pattern.compile("envbench ready at (http://\\S+)");

    /** Lets leftovers be found: every server this class starts carries it in its command line. */
    public static final String OWNER_PROPERTY = "envbench.managed";

    private final String classPath;
    private final String owner;
    private final Path jmhJar;
    private final Path logDir;
    private final RunMarker marker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CleanupHook cleanupHook = new CleanupHook("envbench-bare-cleanup", this::stopProcesses);
    private final List<Process> processes = new ArrayList<>();
    private Process server;

    /**
     * @param classPath the class path of the server JVM: this jar, or the test class path
     * @param owner     a label that ends up in the server's command line as {@code -Denvbench.managed=OWNER}
     * @param jmhJar    {@code jmh/benchmarks.jar} for {@link #runJmh}, or null to look for it beside this jar
     * @param logDir    where the server's stdout and stderr go, or null for a temporary folder
     */
    public BareEnvironment(String classPath, String owner, Path jmhJar, Path logDir) {
        this(classPath, owner, jmhJar, logDir, null);
    }

    /** @param marker the run's mark in every process this starts, or null for none */
    public BareEnvironment(String classPath, String owner, Path jmhJar, Path logDir, RunMarker marker) {
        this.classPath = classPath;
        this.owner = owner;
        this.jmhJar = jmhJar;
        this.logDir = logDir;
        this.marker = marker;
    }

    /** A bare environment that runs this JVM's own class path. */
    public BareEnvironment() {
        this(System.getProperty("java.class.path"), "bare", null, null);
    }

    @Override
    public String name() {
        return "bare";
    }

    @Override
    public Optional<String> unavailableReason() {
        if (!Files.isExecutable(javaBinary())) {
            return Optional.of("no java executable at " + javaBinary());
        }
        return Optional.empty();
    }

    /** The command that starts the server, without the taskset prefix. Visible for tests. */
    List<String> serverCommand(Budget budget) {
        List<String> command = new ArrayList<>();
        command.addAll(Taskset.prefix(budget.cpuset()));
        command.add(javaBinary().toString());
        command.addAll(effectiveFlags(budget));
        command.add("-D" + OWNER_PROPERTY + "=" + owner);
        command.add("-cp");
        command.add(classPath);
        command.addAll(List.of("org.envbench.http.Main", "serve", "--port", "0", "--host", "127.0.0.1"));
        return command;
    }

    @Override
    public synchronized Started start(Budget budget, Duration timeout) throws IOException, InterruptedException {
        if (server != null && server.isAlive()) {
            throw new IllegalStateException("bare environment already started");
        }
        cleanupHook.register();
        Path logs = logDir != null ? Files.createDirectories(logDir) : Files.createTempDirectory("envbench-bare");
        Path stderrLog = logs.resolve("bare-serve.stderr.log");
        ProcessBuilder builder = new ProcessBuilder(serverCommand(budget))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
        mark(builder);
        long launchNanos = System.nanoTime();
        server = builder.start();
        processes.add(server);
        CompletableFuture<URI> ready = readReadyLine(server, logs.resolve("bare-serve.stdout.log"));
        try {
            URI baseUri = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = launchNanos + timeout.toNanos();
            HealthWait.await(http, baseUri, deadline, "bare server", 1,
                    () -> server.isAlive() ? null : "exited with status " + server.exitValue());
            double seconds = (System.nanoTime() - launchNanos) / 1e9;
            return new Started(baseUri, seconds, detail(budget));
        } catch (TimeoutException e) {
            stopProcesses();
            throw new IOException("bare server printed no ready line within " + timeout.toSeconds() + " s; see "
                    + stderrLog + " and the stdout log beside it");
        } catch (ExecutionException e) {
            stopProcesses();
            throw new IOException("bare server exited before it was ready: " + e.getCause().getMessage()
                    + "; see " + stderrLog + lastLines(stderrLog));
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopProcesses();
            throw e;
        }
    }

    private ProcessBuilder mark(ProcessBuilder builder) {
        if (marker != null) {
            builder.environment().putAll(marker.environment());
        }
        return builder;
    }

    private String detail(Budget budget) {
        String pinning = budget.cpuset() == null ? "not pinned" : "taskset -c " + budget.cpuset();
        return "host JVM " + javaBinary() + ", " + pinning
                + ", CPU and memory budget given to the JVM only (not enforced)";
    }

    private CompletableFuture<URI> readReadyLine(Process process, Path stdoutLog) {
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var log = Files.newBufferedWriter(stdoutLog, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                         StandardOpenOption.APPEND)) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.write(line);
                    log.newLine();
                    log.flush();
                    Matcher matcher = READY_LINE.matcher(line);
                    if (!ready.isDone() && matcher.find()) {
                        ready.complete(URI.create(matcher.group(1)));
                    }
                }
                ready.completeExceptionally(new IOException("exit status "
                        + process.waitFor() + " without a line matching '" + READY_LINE.pattern() + "'"));
            } catch (IOException | InterruptedException e) {
                ready.completeExceptionally(e);
            }
        }, "envbench-bare-stdout");
        reader.setDaemon(true);
        reader.start();
        return ready;
    }

    @Override
    public synchronized List<ProcessHandle> hostProcesses() {
        return Environment.liveTree(server);
    }

    @Override
    public synchronized OptionalLong hostResidentBytes() {
        if (server == null || !server.isAlive()) {
            return OptionalLong.empty();
        }
        return ProcStatus.residentBytes(server.pid());
    }

    @Override
    public void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout)
            throws IOException, InterruptedException {
        Path jar = jmhJar != null ? jmhJar : findJmhJar();
        List<String> command = new ArrayList<>(Taskset.prefix(budget.cpuset()));
        command.add(javaBinary().toString());
        command.addAll(effectiveFlags(budget));
        command.add("-D" + OWNER_PROPERTY + "=" + owner);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(jmhArgs);
        // The forks get the budget too; flags from a benchmark's own @Fork(jvmArgs) come later and win.
        command.addAll(List.of("-jvmArgsPrepend", String.join(" ", effectiveFlags(budget))));
        command.addAll(List.of("-rf", "json", "-rff", jsonOut.toAbsolutePath().toString()));
        Path log = Files.createTempFile("envbench-jmh-bare", ".log");
        Process jmh;
        synchronized (this) {
            cleanupHook.register();
            jmh = mark(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())).start();
            processes.add(jmh);
        }
        try {
            if (!jmh.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("JMH did not finish within " + timeout.toSeconds() + " s; its output: " + log);
            }
            if (jmh.exitValue() != 0 || !Files.isRegularFile(jsonOut)) {
                throw new IOException("JMH exited with status " + jmh.exitValue() + " and "
                        + (Files.isRegularFile(jsonOut) ? "" : "no ") + "JSON; its output: " + log + lastLines(log));
            }
        } finally {
            destroyTree(jmh);
            synchronized (this) {
                processes.remove(jmh);
            }
        }
    }

    private Path findJmhJar() throws IOException {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("jmh", "benchmarks.jar"));
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path parent = Path.of(entry).toAbsolutePath().getParent();
            if (parent != null && parent.getParent() != null) {
                candidates.add(parent.getParent().resolve("jmh").resolve("benchmarks.jar"));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("jmh/benchmarks.jar not found (looked at " + candidates
                + "); build it with ./mvnw -B package -DskipTests");
    }

    @Override
    public void close() {
        stopProcesses();
        cleanupHook.unregister();
    }


    private synchronized void stopProcesses() {
        for (Process process : processes) {
            destroyTree(process);
        }
        processes.clear();
    }

    /** SIGTERM to the process and its descendants, SIGKILL to whatever is left after 10 s. */
    static void destroyTree(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle handle : all) {
            long leftMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            try {
                handle.onExit().get(leftMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The budget's flags, plus the JVM's view of the budget when the caller left it out. */
    static List<String> effectiveFlags(Budget budget) {
        List<String> flags = new ArrayList<>(budget.jvmFlags());
        if (flags.stream().noneMatch(f -> f.startsWith("-XX:ActiveProcessorCount="))
                && budget.cpus() > 0) {
            flags.add("-XX:ActiveProcessorCount=" + (int) Math.max(1, Math.ceil(budget.cpus())));
        }
        if (flags.stream().noneMatch(f -> f.startsWith("-XX:MaxRAM=")) && budget.memoryBytes() > 0) {
            flags.add("-XX:MaxRAM=" + budget.memoryBytes());
        }
        return flags;
    }


    /**
     * The build's Java runtime, {@code runtime/bin/java} beside the jar on the class path (made by
     * container/runtime.sh, the same bits the container and the VM run), so that bare runs no other JVM build than
     * they do; this JVM's own java where there is none (tests from the build's class folders).
     */
    Path javaBinary() {
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath();
            Path runtimeJava = jar.resolveSibling("runtime").resolve("bin").resolve("java");
            if (entry.endsWith(".jar") && Files.isExecutable(runtimeJava)) {
                return runtimeJava;
            }
        }
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "" : "; last lines: " + String.join(" | ", tail);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
