package org.envbench.http.env;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.envbench.http.host.CleanupHook;
import org.envbench.http.host.Ports;
import org.envbench.http.host.ProcStatus;
import org.envbench.http.host.ProjectDir;
import org.envbench.http.host.Taskset;
import org.envbench.http.watch.RunMarker;

/**
 * The {@code vm} environment: the image from {@code vm/build-image.sh} booted by {@code vm/run.sh} under qemu,
 * with KVM where the launcher proves that a KVM guest really boots and software emulation (TCG) otherwise.
 * The launcher holds the only copy of that probe; this class builds the image, starts the launcher, reads its
 * progress lines and stops it, and with it qemu, however the comparison ends.
 */
public final class VmEnvironment implements Environment {

    private static final Pattern QEMU_PID = Pattern.compile("^envbench-vm: qemu pid=(\\d+) accel=(\\w+)");
    private static final Pattern DETAIL = Pattern.compile("^envbench-vm: detail=(.+)$");
    private static final Pattern HEALTHY = Pattern.compile("^envbench-vm: healthy at (\\S+)");
    private static final int RECENT_LINES = 30;
    private static final Duration IMAGE_BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path vmDir;
    private final String accel;
    private final RunMarker marker;

    private Path imageDir;
    // Volatile, not guarded by the monitor: close() runs from a shutdown hook while start() may be waiting.
    private volatile Process build;
    private volatile Process launcher;
    private volatile long qemuPid = -1;
    /** When the launcher started the qemu that will serve (after any KVM probe); 0 before. */
    private volatile long bootNanos;
    private volatile String detail;
    private final Deque<String> recentOutput = new ArrayDeque<>();
    private final CleanupHook cleanupHook = new CleanupHook("envbench-vm-stop", this::close);

    /**
     * @param vmDir the checkout's {@code vm} folder (holding {@code build-image.sh} and {@code run.sh})
     * @param accel {@code auto}, {@code kvm} or {@code tcg}, as for {@code vm/run.sh --accel}
     */
    public VmEnvironment(Path vmDir, String accel) {
        this(vmDir, accel, null);
    }

    /** @param marker the run's mark in the launcher's environment (qemu inherits it), or null for none */
    public VmEnvironment(Path vmDir, String accel, RunMarker marker) {
        this.marker = marker;
        if (!List.of("auto", "kvm", "tcg").contains(accel)) {
            throw new IllegalArgumentException("accel '" + accel + "' is not one of auto, kvm, tcg");
        }
        this.vmDir = vmDir.toAbsolutePath().normalize();
        this.accel = accel;
    }

    /** The VM environment of the checkout found by {@link #locateVmDir()}, with {@code auto} acceleration. */
    public VmEnvironment() {
        this(locateVmDir(), "auto");
    }

    /** The checkout's {@code vm} folder; {@link #unavailableReason()} reports it when it holds no scripts. */
    public static Path locateVmDir() {
        return ProjectDir.find().resolve("vm");
    }

    @Override
    public String name() {
        return "vm";
    }

    @Override
    public Optional<String> unavailableReason() {
        if (!Files.isExecutable(vmDir.resolve("run.sh")) || !Files.isExecutable(vmDir.resolve("build-image.sh"))) {
            return Optional.of("vm: " + vmDir + " holds no executable run.sh and build-image.sh; run from the envbench "
                    + "checkout");
        }
        if (!onPath("qemu-system-x86_64")) {
            return Optional.of("vm: qemu-system-x86_64 not found on PATH; install it (Debian: apt-get install -y "
                    + "qemu-system-x86)");
        }
        if (!onPath("curl")) {
            return Optional.of("vm: curl not found on PATH; vm/run.sh uses it to wait for /health");
        }
        return Optional.empty();
    }

    @Override
    public Started start(Budget budget, Duration timeout) throws IOException, InterruptedException {
        if (launcher != null) {
            throw new IllegalStateException("the VM is already running; close() it first");
        }
        Path image = image();
        int port = Ports.freeLoopbackPort();
        List<String> command = launcherCommand(budget, image);
        command.addAll(List.of("--mode", "serve", "--port", Integer.toString(port),
                "--health-timeout", Long.toString(Math.max(1, timeout.toSeconds()))));

        CompletableFuture<URI> healthy = new CompletableFuture<>();
        long launchNanos = System.nanoTime();
        launch(command, healthy);
        try {
            URI uri = healthy.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            // From the launch of the qemu that serves: with --accel auto a failed KVM probe comes first (20 s here),
            // which says something about this host's KVM, not about how long the VM takes to boot. It is named in
            // the detail instead.
            long boot = bootNanos > 0 ? bootNanos : launchNanos;
            double seconds = (now - boot) / 1e9;
            double probeSeconds = (boot - launchNanos) / 1e9;
            String described = detail == null ? "qemu " + accel : detail;
            if (probeSeconds >= 1) {
                described += String.format(Locale.ROOT, "; %.1f s of KVM probe before this boot, not in its startup",
                        probeSeconds);
            }
            return new Started(uri, seconds, described,
                    new Launch(null, null, null, null, null, true, Launch.PATH_VM_FORWARD, null));
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof TimeoutException ? "not healthy within " + timeout.toSeconds() + " s"
                    : e.getCause().getMessage();
            close();
            throw new IOException("vm: the VM did not start: " + why + "; last launcher lines:\n" + recent());
        } catch (InterruptedException e) {
            close();
            throw e;
        }
    }

    /** The launcher and everything under it, qemu included. */
    @Override
    public List<ProcessHandle> hostProcesses() {
        return Environment.liveTree(launcher);
    }

    @Override
    public OptionalLong hostResidentBytes() {
        long pid = qemuPid;
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        // qemu may have gone: then it is not measurable, as the contract allows.
        return ProcStatus.residentBytes(pid);
    }

    @Override
    public void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout)
            throws IOException, InterruptedException {
        if (launcher != null) {
            throw new IllegalStateException("the VM is already running; close() it first");
        }
        Path image = image();
        List<String> command = launcherCommand(budget, image);
        command.addAll(List.of("--mode", "jmh", "--jmh-out", jsonOut.toAbsolutePath().toString(), "--"));
        command.addAll(jmhArgs);
        Process process = launch(command, new CompletableFuture<>());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("vm: JMH did not finish within " + timeout.toSeconds() + " s; last launcher "
                        + "lines:\n" + recent());
            }
            if (process.exitValue() != 0) {
                throw new IOException("vm: JMH in the VM failed (launcher status " + process.exitValue()
                        + "); last launcher lines:\n" + recent());
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        Process building = build;
        if (building != null) {
            building.descendants().forEach(ProcessHandle::destroyForcibly);
            building.destroyForcibly();
        }
        Process process = launcher;
        launcher = null;
        if (process != null) {
            // SIGTERM lets run.sh's trap stop qemu; what is still alive after the grace period is killed.
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        long pid = qemuPid;
        qemuPid = -1;
        if (pid > 0) {
            ProcessHandle.of(pid)
                    .filter(h -> h.info().command().map(c -> c.contains("qemu")).orElse(false))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
        cleanupHook.unregister();
    }

    /** The detail of the running VM as the launcher reported it, for example {@code qemu tcg (...)}. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** PID of the running qemu process, if one is running. */
    public OptionalLong qemuPid() {
        long pid = qemuPid;
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    private List<String> launcherCommand(Budget budget, Path image) throws IOException {
        List<String> command = new ArrayList<>();
        command.addAll(Taskset.prefix(budget.cpuset()));
        long cpus = Math.max(1, (long) Math.ceil(budget.cpus()));
        long memoryMiB = Math.max(256, budget.memoryBytes() / (1024 * 1024));
        // The console log outlives the launcher so that a failed boot can be read afterwards.
        Path console = Files.createTempFile("envbench-vm-console-", ".log");
        command.addAll(List.of(vmDir.resolve("run.sh").toString(), "--image", image.toString(),
                "--accel", accel, "--cpus", Long.toString(cpus), "--memory", memoryMiB + "M",
                "--log", console.toString()));
        if (!budget.jvmFlags().isEmpty()) {
            Path flags = Files.createTempFile("envbench-vm-", ".flags");
            flags.toFile().deleteOnExit();
            Files.write(flags, budget.jvmFlags());
            command.addAll(List.of("--jvm-flags-file", flags.toString()));
        }
        return command;
    }

    private synchronized Process launch(List<String> command, CompletableFuture<URI> healthy) throws IOException {
        if (launcher != null) {
            throw new IllegalStateException("the VM is already running; close() it first");
        }
        synchronized (recentOutput) {
            recentOutput.clear();
        }
        detail = null;
        qemuPid = -1;
        bootNanos = 0;
        cleanupHook.register();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (marker != null) {
            builder.environment().putAll(marker.environment());
        }
        Process process = builder.start();
        launcher = process;
        Thread reader = new Thread(() -> readLauncher(process, healthy), "envbench-vm-launcher");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private void readLauncher(Process process, CompletableFuture<URI> healthy) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                remember(line);
                if (line.contains("WARNING")) {
                    System.err.println(line);
                }
                Matcher m = QEMU_PID.matcher(line);
                if (m.find()) {
                    qemuPid = Long.parseLong(m.group(1));
                    bootNanos = System.nanoTime();
                }
                m = DETAIL.matcher(line);
                if (m.find()) {
                    detail = m.group(1);
                }
                m = HEALTHY.matcher(line);
                if (m.find()) {
                    healthy.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException e) {
            healthy.completeExceptionally(new UncheckedIOException(e));
        }
        healthy.completeExceptionally(new IOException("vm/run.sh ended before /health answered"));
    }

    private synchronized Path image() throws IOException, InterruptedException {
        if (imageDir != null) {
            return imageDir;
        }
        Path log = Files.createTempFile("envbench-vm-build-", ".log");
        Path out = Files.createTempFile("envbench-vm-build-", ".out");
        System.err.println("vm: vm/build-image.sh: a cached image when its inputs are unchanged, otherwise a new one "
                + "(a few minutes from Debian packages); log: " + log);
        Process building = new ProcessBuilder(vmDir.resolve("build-image.sh").toString())
                .redirectError(log.toFile())
                .redirectOutput(out.toFile())
                .start();
        build = building;
        try {
            if (!building.waitFor(IMAGE_BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                building.descendants().forEach(ProcessHandle::destroyForcibly);
                building.destroyForcibly();
                throw new IOException("vm: vm/build-image.sh did not finish within "
                        + IMAGE_BUILD_TIMEOUT.toMinutes() + " min; its log: " + log);
            }
        } finally {
            build = null;
        }
        String stdout = Files.readString(out);
        Files.deleteIfExists(out);
        List<String> lines = stdout.lines().toList();
        if (building.exitValue() != 0 || lines.isEmpty()) {
            List<String> logLines = Files.readAllLines(log);
            String tail = String.join("\n", logLines.subList(Math.max(0, logLines.size() - 15), logLines.size()));
            throw new IOException("vm: vm/build-image.sh failed with status " + building.exitValue() + ":\n" + tail);
        }
        Files.deleteIfExists(log);
        imageDir = Path.of(lines.get(lines.size() - 1));
        return imageDir;
    }

    private void remember(String line) {
        synchronized (recentOutput) {
            if (recentOutput.size() == RECENT_LINES) {
                recentOutput.removeFirst();
            }
            recentOutput.addLast(line);
        }
    }

    private String recent() {
        synchronized (recentOutput) {
            return String.join("\n", recentOutput);
        }
    }


    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "VmEnvironment[%s, accel=%s]", vmDir, accel);
    }
}
