package org.envbench.http.env;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.envbench.http.host.CleanupHook;
import org.envbench.http.host.DockerEngine;
import org.envbench.http.host.HealthWait;
import org.envbench.http.host.Ports;
import org.envbench.http.watch.RunMarker;

/**
 * The server in a container: builds {@value #IMAGE} from container/Dockerfile, runs it with docker or podman
 * under the budget ({@code --cpus}, {@code --memory}, {@code --cpuset-cpus}, the JVM flags in
 * {@code JDK_JAVA_OPTIONS}), publishes port 8080 on 127.0.0.1 and removes every container it started on
 * {@link #close}, on failure and on JVM exit. Each of them carries the label {@value #LABEL}, so that
 * {@link #removeLeftovers} finds what a killed run left behind.
 *
 * <pre>{@code
 * try (ContainerEnvironment container = ContainerEnvironment.fromEnvironment(Path.of("."))) {
 *     Started started = container.start(budget, Duration.ofMinutes(2));
 *     // talk HTTP to started.baseUri()
 * }
 * }</pre>
 */
public final class ContainerEnvironment implements Environment {

    public static final String IMAGE = "localhost/envbench:latest";
    public static final String LOCAL_BASE_IMAGE = "localhost/envbench-base:bookworm";
    /** The Dockerfile's default base; fully qualified so that podman needs no short-name resolution. */
    public static final String REGISTRY_BASE_IMAGE = "docker.io/library/debian:bookworm-slim";
    public static final String LABEL = "org.envbench.managed=true";
    /** Names the {@link ContainerEnvironment} instance that started a container, so it can list its own. */
    public static final String OWNER_LABEL = "org.envbench.owner";
    public static final String BASE_VARIABLE = "ENVBENCH_CONTAINER_BASE";
    static final int CONTAINER_PORT = 8080;

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    /** Which JRE base image the app image is built on. */
    public enum Base {
        /** The registry's Eclipse Temurin image where it can be pulled, else the local Debian one. */
        AUTO,
        /** Always the registry's Eclipse Temurin image. */
        REGISTRY,
        /** Always {@value #LOCAL_BASE_IMAGE}, built by container/base-image.sh where missing. */
        LOCAL
    }

    /** gVisor's network mode and platform as envbench runs it: its own netstack, runsc's default platform. */
    static final String GVISOR_NETWORK = "sandbox";
    /** The OCI runtime wrapper that lets runsc's own network stack start on Linux >= 6.11 (RUNTIMES.md). */
    static final String GVISOR_WRAPPER = "container/runsc-netns-fix.sh";
    /** The name docker-engine.sh registers the wrapper under in dockerd. */
    static final String DOCKER_GVISOR_RUNTIME = "runsc";
    static final Path RUNSC = Path.of("/usr/bin/runsc");

    private final Path projectDir;
    private final ContainerRuntime.Settings settings;
    private final RunMarker marker;
    private final boolean gvisor;
    private DockerEngine engine;
    private List<String> gvisorRunArgs;
    private final ContainerImage image;
    private final Set<String> containers = ConcurrentHashMap.newKeySet();
    private final String owner = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ContainerRuntime.Result detected;
    private volatile ContainerRuntime runtime;
    private boolean imageReady;
    private String baseImageUsed;
    private volatile String current;
    private final InitPids initPids = new InitPids();
    private final CleanupHook cleanupHook = new CleanupHook("envbench-container-cleanup", this::close);

    /**
     * @param projectDir the checkout: where container/Dockerfile, http/envbench.jar and jmh/benchmarks.jar are
     * @param settings   runtime and run arguments chosen by the user; null parts are detected
     * @param base       which JRE base image to build on
     */
    public ContainerEnvironment(Path projectDir, ContainerRuntime.Settings settings, Base base) {
        this(projectDir, settings, base, null, false);
    }

    /**
     * @param marker the run's mark, as labels on every container, or null for {@value #LABEL} alone
     * @param gvisor whether the server runs under gVisor ({@code runsc} with its own network stack) rather than
     *               the engine's default OCI runtime; the image is built under runc either way
     */
    public ContainerEnvironment(Path projectDir, ContainerRuntime.Settings settings, Base base, RunMarker marker,
                                boolean gvisor) {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.settings = settings;
        this.image = new ContainerImage(this.projectDir, base);
        this.marker = marker;
        this.gvisor = gvisor;
    }

    /** Configured from {@code ENVBENCH_CONTAINER_RUNTIME}, {@code ENVBENCH_CONTAINER_RUN_ARGS} and
     * {@value #BASE_VARIABLE} ({@code auto}, {@code registry} or {@code local}). */
    public static ContainerEnvironment fromEnvironment(Path projectDir) {
        Map<String, String> environment = System.getenv();
        return new ContainerEnvironment(projectDir, ContainerRuntime.Settings.fromEnvironment(environment),
                parseBase(environment.getOrDefault(BASE_VARIABLE, "auto")));
    }

    /** {@code auto}, {@code registry} or {@code local}, in any case. */
    public static Base parseBase(String value) {
        try {
            return Base.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("container base '" + value + "' is not one of auto, registry, local");
        }
    }

    @Override
    public String name() {
        return gvisor ? "gvisor" : "container";
    }

    @Override
    public Optional<String> unavailableReason() {
        if (gvisor && !Files.isExecutable(RUNSC)) {
            return Optional.of("gVisor's runsc is not at " + RUNSC + "; install it (Debian: apt-get install runsc)");
        }
        if (gvisor && !Files.isExecutable(projectDir.resolve(GVISOR_WRAPPER))) {
            return Optional.of(projectDir.resolve(GVISOR_WRAPPER) + " is missing or not executable");
        }
        try {
            acquireEngine();
        } catch (IOException e) {
            return Optional.of("docker: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while starting the docker engine");
        }
        try {
            ContainerRuntime.Result result = detect();
            if (result.found().isEmpty()) {
                return Optional.of("no container runtime: " + result.problem());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for docker or podman");
        }
        List<String> missing = image.missingInputs();
        if (!missing.isEmpty() && !ContainerImage.exists(runtime, IMAGE)) {
            return Optional.of("cannot build " + IMAGE + ": missing " + String.join(", ", missing)
                    + " (run ./mvnw -B package -DskipTests in " + projectDir + ")");
        }
        if (gvisor) {
            try {
                return probeGvisor();
            } catch (IOException e) {
                return Optional.of("could not try runsc: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while trying runsc");
            }
        }
        return Optional.empty();
    }

    /**
     * Starts a throwaway container under gVisor with the default network, as the server runs (with
     * {@code --network none} runsc would skip the network set-up that fails on new kernels), from whichever of
     * envbench's images exists; without one the first start finds out.
     */
    private Optional<String> probeGvisor() throws IOException, InterruptedException {
        String probeImage = ContainerImage.exists(runtime, IMAGE) ? IMAGE
                : ContainerImage.exists(runtime, LOCAL_BASE_IMAGE) ? LOCAL_BASE_IMAGE : null;
        if (probeImage == null) {
            return Optional.empty();
        }
        List<List<String>> candidates = runtime.runArgs() != null ? List.of(runtime.runArgs())
                : ContainerRuntime.RUN_ARGS_CANDIDATES;
        String last = "";
        for (List<String> candidate : candidates) {
            List<String> probe = runtime.command("run", "--rm", "--entrypoint", "/bin/true");
            List<String> args = gvisorArgs(candidate);
            probe.addAll(args);
            probe.add(probeImage);
            CommandResult result = CommandResult.run(probe, COMMAND_TIMEOUT);
            if (result.succeeded()) {
                gvisorRunArgs = args;
                return Optional.empty();
            }
            last = result.tail(2);
        }
        return Optional.of(runtime.name() + " cannot start a container under runsc here; the last attempt said: "
                + last);
    }

    /** {@code runArgs} with the OCI runtime replaced by gVisor's: the wrapper for podman, dockerd's runsc. */
    List<String> gvisorArgs(List<String> runArgs) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < runArgs.size(); i++) {
            if (runArgs.get(i).equals("--runtime") && i + 1 < runArgs.size()) {
                i++;
            } else if (!runArgs.get(i).startsWith("--runtime=")) {
                args.add(runArgs.get(i));
            }
        }
        args.add("--runtime");
        args.add(runtime.name().equals("docker") ? DOCKER_GVISOR_RUNTIME
                : projectDir.resolve(GVISOR_WRAPPER).toString());
        return args;
    }

    /** What {@code run} gets after the budget: the host's run arguments, with gVisor's runtime for gvisor. */
    private List<String> runArgs() {
        if (!gvisor) {
            return runtime.runArgs();
        }
        return gvisorRunArgs != null ? gvisorRunArgs : gvisorArgs(runtime.runArgs());
    }

    private synchronized void acquireEngine() throws IOException, InterruptedException {
        if (engine != null || !wantsDocker()) {
            return;
        }
        DockerEngine docker = DockerEngine.of(projectDir);
        docker.acquire();
        engine = docker;
    }

    private boolean wantsDocker() {
        String named = settings.runtime();
        return named != null && Path.of(named).getFileName().toString().equals("docker");
    }

    private synchronized void releaseEngine() {
        if (engine != null) {
            engine.release();
            engine = null;
            // Another engine may start before the next start(): the image must be checked in it again.
            imageReady = false;
        }
    }

    @Override
    public Started start(Budget budget, Duration timeout) throws IOException, InterruptedException {
        acquireEngine();
        prepareImage();
        int hostPort = Ports.freeLoopbackPort();
        String container = "envbench-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> command = runCommand(container, budget);
        command.addAll(List.of("--detach", "--no-healthcheck", "-e", "ENVBENCH_ENV=" + name(),
                "-p", "127.0.0.1:" + hostPort + ":" + CONTAINER_PORT));
        command.addAll(runArgs());
        command.add(IMAGE);

        track(container);
        long launchNanos = System.nanoTime();
        CommandResult run = CommandResult.run(command, COMMAND_TIMEOUT);
        if (!run.succeeded()) {
            remove(container);
            throw new IOException(runtime.name() + " could not start the container: " + run.tail(3));
        }
        current = container;
        URI baseUri = URI.create("http://127.0.0.1:" + hostPort + "/");
        try {
            HealthWait.await(http, baseUri, launchNanos + timeout.toNanos(), "container " + container, 10,
                    () -> isRunning(container) ? null : "exited");
        } catch (IOException | InterruptedException e) {
            String logs = logsTail(container);
            remove(container);
            throw new IOException(e.getMessage() + (logs.isEmpty() ? "" : "; its last output:\n" + logs), e);
        }
        double seconds = (System.nanoTime() - launchNanos) / 1e9;
        Launch launch = launch();
        return new Started(baseUri, seconds, runtime.name() + "/" + launch.ociRuntime()
                + (gvisor ? " (" + launch.gvisorPlatform() + ", network " + GVISOR_NETWORK + ")" : "") + " on "
                + baseImageUsed, launch);
    }

    private Launch launch() throws InterruptedException {
        String oci = gvisor ? "runsc" : runtime.ociRuntime();
        String platform = null;
        if (gvisor) {
            String flags = commandOutput(List.of(RUNSC.toString(), "flags"));
            Matcher matcher = Pattern.compile("-platform string\\s+.*?\\(default \"(\\w+)\"\\)", Pattern.DOTALL)
                    .matcher(flags);
            platform = matcher.find() ? matcher.group(1) : "unknown";
        }
        return new Launch(runtime.name(), oci, ociVersion(oci), platform, gvisor ? GVISOR_NETWORK : null, true,
                Launch.PATH_PUBLISHED_PORT, null);
    }

    /** The first line of {@code OCI --version} without its {@code NAME version } prefix; null when unknown. */
    private static String ociVersion(String oci) throws InterruptedException {
        String first = commandOutput(List.of(oci.equals("runsc") ? RUNSC.toString() : oci, "--version"))
                .lines().findFirst().orElse("").strip();
        String version = first.replaceFirst("^\\S+ version ", "");
        return version.isEmpty() ? null : version;
    }

    private static String commandOutput(List<String> command) throws InterruptedException {
        try {
            CommandResult result = CommandResult.run(command, COMMAND_TIMEOUT);
            return result.succeeded() ? result.output() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The container's init process as the host sees it, and everything under it; init is the JVM itself, since
     * the image's entry point execs java.
     */
    @Override
    public List<ProcessHandle> hostProcesses() {
        try {
            OptionalLong pid = initPid();
            Optional<ProcessHandle> init = pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
            return init.map(Environment::withDescendants).orElse(List.of());
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Override
    public OptionalLong hostResidentBytes() {
        String container = current;
        if (container == null || runtime == null) {
            return OptionalLong.empty();
        }
        try {
            return ContainerMemory.hostResidentBytes(runtime, container, initPid());
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private OptionalLong initPid() throws IOException, InterruptedException {
        String container = current;
        return container == null || runtime == null ? OptionalLong.empty() : initPids.of(runtime, container);
    }

    @Override
    public void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout)
            throws IOException, InterruptedException {
        prepareImage();
        String container = "envbench-jmh-" + UUID.randomUUID().toString().substring(0, 8);
        try (JmhExchange exchange = JmhExchange.create()) {
            List<String> command = runCommand(container, budget);
            command.addAll(List.of("--rm", "--no-healthcheck",
                    "-v", exchange.dir() + ":/results" + (runtime.name().equals("podman") ? ":Z" : "")));
            command.addAll(runArgs());
            command.add(IMAGE);
            command.add("jmh");
            command.addAll(jmhArgs);
            command.addAll(List.of("-rf", "json", "-rff", "/results/" + JmhExchange.RESULT));
            track(container);
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(exchange.log().toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    remove(container);
                    process.destroyForcibly();
                    throw new IOException("JMH in the container did not finish within " + timeout.toSeconds()
                            + " s; the container was removed. Its last output:\n" + exchange.logTail());
                }
                exchange.deliver(process.exitValue(), jsonOut);
            } finally {
                remove(container);
            }
        }
    }

    /**
     * Removes every container this environment started. Not synchronized with {@link #prepareImage}, so that the
     * shutdown hook does not wait for a build to finish before it removes what runs.
     */
    @Override
    public void close() {
        for (String container : List.copyOf(containers)) {
            remove(container);
        }
        current = null;
        releaseEngine();
        cleanupHook.unregister();
    }

    /**
     * Removes every container, running or not, that carries {@value #LABEL}: what an earlier run left behind when
     * it was killed before it could clean up.
     *
     * @return the number of containers removed
     */
    public int removeLeftovers() throws IOException, InterruptedException {
        List<String> leftovers = managedContainers();
        for (String id : leftovers) {
            CommandResult removed = CommandResult.run(runtime.command("rm", "-f", id), COMMAND_TIMEOUT);
            if (!removed.succeeded()) {
                throw new IOException("could not remove leftover container " + id + ": " + removed.tail(2));
            }
        }
        return leftovers.size();
    }

    /** Ids of all containers, running or not, that carry {@value #LABEL}, whoever started them. */
    public List<String> managedContainers() throws IOException, InterruptedException {
        return containersLabelled(LABEL);
    }

    /** Ids of the containers, running or not, that this environment started and that still exist. */
    public List<String> ownContainers() throws IOException, InterruptedException {
        return containersLabelled(OWNER_LABEL + "=" + owner);
    }

    private List<String> containersLabelled(String label) throws IOException, InterruptedException {
        requireRuntime();
        CommandResult listed = CommandResult.run(
                runtime.command("ps", "-a", "-q", "--filter", "label=" + label), COMMAND_TIMEOUT);
        if (!listed.succeeded()) {
            throw new IOException(runtime.name() + " could not list containers: " + listed.tail(2));
        }
        return listed.output().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** The runtime this environment uses, with its run arguments once the image is built. */
    public ContainerRuntime runtime() throws IOException, InterruptedException {
        requireRuntime();
        return runtime;
    }

    /** The name of the container {@link #start} started last, while it runs. */
    public Optional<String> currentContainer() {
        return Optional.ofNullable(current);
    }

    /**
     * Builds {@value #IMAGE} once per environment (the runtime's layer cache makes a rebuild of unchanged jars
     * quick), on the base {@link Base} chooses, and settles the run arguments this host needs.
     */
    public synchronized void prepareImage() throws IOException, InterruptedException {
        requireRuntime();
        if (imageReady) {
            return;
        }
        Optional<ContainerRuntime> podman = runtime.name().equals("docker") ? ContainerImage.podman() : Optional.empty();
        if (podman.isPresent()) {
            // The same image bits as the podman environments run, never a registry: built by podman, then
            // handed over with podman save | docker load where docker's copy is missing or another build.
            baseImageUsed = image.build(podman.get());
            ContainerImage.copyToDocker(podman.get(), runtime, IMAGE);
        } else {
            baseImageUsed = image.build(runtime);
        }
        runtime = runtime.withWorkingRunArgs(IMAGE);
        imageReady = true;
    }

    private List<String> runCommand(String container, Budget budget) {
        List<String> command = runtime.command("run", "--name", container);
        command.addAll(marker != null ? marker.labelArguments() : List.of("--label", LABEL));
        command.addAll(List.of("--label", OWNER_LABEL + "=" + owner,
                "--cpus", BigDecimal.valueOf(budget.cpus()).stripTrailingZeros().toPlainString(),
                "--memory", budget.memoryBytes() + "b"));
        if (budget.cpuset() != null && !budget.cpuset().isBlank()) {
            command.addAll(List.of("--cpuset-cpus", budget.cpuset()));
        }
        String javaOptions = javaOptions(budget.jvmFlags());
        if (!javaOptions.isEmpty()) {
            command.addAll(List.of("-e", "JDK_JAVA_OPTIONS=" + javaOptions));
        }
        return command;
    }

    /** The flags as one JDK_JAVA_OPTIONS value; the launcher splits it at white space, so a flag may hold none. */
    static String javaOptions(List<String> jvmFlags) {
        for (String flag : jvmFlags) {
            if (flag.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("JVM flag '" + flag + "' contains white space, which "
                        + "JDK_JAVA_OPTIONS would split; pass it without spaces");
            }
        }
        return String.join(" ", jvmFlags);
    }

    private boolean isRunning(String container) throws IOException, InterruptedException {
        CommandResult state = CommandResult.run(
                runtime.command("inspect", "--format", "{{.State.Running}}", container), COMMAND_TIMEOUT);
        return state.succeeded() && state.output().strip().equals("true");
    }

    private String logsTail(String container) {
        try {
            CommandResult logs = CommandResult.run(runtime.command("logs", "--tail", "20", container), COMMAND_TIMEOUT);
            return logs.output().strip();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void track(String container) {
        cleanupHook.register();
        containers.add(container);
    }

    private void remove(String container) {
        try {
            CommandResult removed = CommandResult.run(runtime.command("rm", "-f", container), COMMAND_TIMEOUT);
            if (removed.succeeded() || removed.output().toLowerCase(Locale.ROOT).contains("no such container")) {
                containers.remove(container);
                if (container.equals(current)) {
                    current = null;
                }
            } else {
                System.err.println("envbench: could not remove container " + container + ": " + removed.tail(2)
                        + "; remove it with: " + runtime.name() + " rm -f " + container);
            }
        } catch (IOException e) {
            System.err.println("envbench: could not remove container " + container + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized ContainerRuntime.Result detect() throws InterruptedException {
        if (detected == null) {
            detected = ContainerRuntime.detect(settings, System.getenv("PATH"));
            runtime = detected.runtime();
        }
        return detected;
    }

    private void requireRuntime() throws IOException, InterruptedException {
        ContainerRuntime.Result result = detect();
        if (result.found().isEmpty()) {
            throw new IOException("no container runtime: " + result.problem());
        }
    }
}
