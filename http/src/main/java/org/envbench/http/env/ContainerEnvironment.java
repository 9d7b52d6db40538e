package org.envbench.http.env;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

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
 * {@link #removeLeftovers} finds what a killed run left behind. This class is the adapter's lifecycle; the image
 * is {@link ContainerImage}'s, the command lines {@link ContainerRunCommand}'s, gVisor's runtime {@link Gvisor}'s,
 * the bookkeeping of what was started {@link ContainerCleanup}'s.
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

    private final Path projectDir;
    private final ContainerRuntime.Settings settings;
    /** Null where the server runs under the engine's default OCI runtime. */
    private final Gvisor gvisor;
    private DockerEngine engine;
    private final ContainerImage image;
    private final ContainerRunCommand runCommand;
    private final ContainerCleanup containers = new ContainerCleanup();
    private final String owner = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ContainerRuntime.Result detected;
    private volatile ContainerRuntime runtime;
    private boolean imageReady;
    private String baseImageUsed;
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
        this.runCommand = new ContainerRunCommand(marker, owner);
        this.gvisor = gvisor ? new Gvisor(this.projectDir) : null;
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
        return gvisor != null ? "gvisor" : "container";
    }

    @Override
    public Optional<String> unavailableReason() {
        Optional<String> gvisorMissing = gvisor != null ? gvisor.missingReason() : Optional.empty();
        if (gvisorMissing.isPresent()) {
            return gvisorMissing;
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
        if (gvisor != null) {
            try {
                return gvisor.probe(runtime);
            } catch (IOException e) {
                return Optional.of("could not try runsc: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while trying runsc");
            }
        }
        return Optional.empty();
    }

    /** What {@code run} gets after the budget: the host's run arguments, with gVisor's runtime for gvisor. */
    private List<String> runArgs() {
        return gvisor != null ? gvisor.runArgs(runtime) : runtime.runArgs();
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
        List<String> command = runCommand.server(runtime, runArgs(), container, budget, name(), hostPort);

        track(container);
        long launchNanos = System.nanoTime();
        CommandResult run = CommandResult.run(command, COMMAND_TIMEOUT);
        if (!run.succeeded()) {
            containers.remove(runtime, container);
            throw new IOException(runtime.name() + " could not start the container: " + run.tail(3));
        }
        containers.serving(container);
        URI baseUri = URI.create("http://127.0.0.1:" + hostPort + "/");
        try {
            HealthWait.await(http, baseUri, launchNanos + timeout.toNanos(), "container " + container, 10,
                    () -> runtime.isRunning(container) ? null : "exited");
        } catch (IOException | InterruptedException e) {
            String logs = runtime.logsTail(container);
            containers.remove(runtime, container);
            throw new IOException(e.getMessage() + (logs.isEmpty() ? "" : "; its last output:\n" + logs), e);
        }
        double seconds = (System.nanoTime() - launchNanos) / 1e9;
        Launch launch = launch();
        return new Started(baseUri, seconds, runtime.name() + "/" + launch.ociRuntime()
                + (gvisor != null ? " (" + launch.gvisorPlatform() + ", network " + Gvisor.NETWORK + ")" : "")
                + " on " + baseImageUsed, launch);
    }

    private Launch launch() throws InterruptedException {
        String oci = gvisor != null ? "runsc" : runtime.ociRuntime();
        String platform = gvisor != null ? Gvisor.platform() : null;
        return new Launch(runtime.name(), oci, ociVersion(oci), platform, gvisor != null ? Gvisor.NETWORK : null,
                true, Launch.PATH_PUBLISHED_PORT, null);
    }

    /** The first line of {@code OCI --version} without its {@code NAME version } prefix; null when unknown. */
    private static String ociVersion(String oci) throws InterruptedException {
        List<String> command = List.of(oci.equals("runsc") ? Gvisor.RUNSC.toString() : oci, "--version");
        String first = CommandResult.outputOrEmpty(command, COMMAND_TIMEOUT).lines().findFirst().orElse("").strip();
        String version = first.replaceFirst("^\\S+ version ", "");
        return version.isEmpty() ? null : version;
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
        String container = containers.current().orElse(null);
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
        String container = containers.current().orElse(null);
        return container == null || runtime == null ? OptionalLong.empty() : initPids.of(runtime, container);
    }

    @Override
    public void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout)
            throws IOException, InterruptedException {
        prepareImage();
        String container = "envbench-jmh-" + UUID.randomUUID().toString().substring(0, 8);
        try (JmhExchange exchange = JmhExchange.create()) {
            List<String> command = runCommand.jmh(runtime, runArgs(), container, budget, exchange.dir(), jmhArgs);
            track(container);
            try {
                exchange.run(command, timeout, () -> containers.remove(runtime, container), jsonOut);
            } finally {
                containers.remove(runtime, container);
            }
        }
    }

    /**
     * Removes every container this environment started. Not synchronized with {@link #prepareImage}, so that the
     * shutdown hook does not wait for a build to finish before it removes what runs.
     */
    @Override
    public void close() {
        containers.removeAll(runtime);
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
        ContainerCleanup.removeLeftovers(runtime, leftovers);
        return leftovers.size();
    }

    /** Ids of all containers, running or not, that carry {@value #LABEL}, whoever started them. */
    public List<String> managedContainers() throws IOException, InterruptedException {
        requireRuntime();
        return ContainerCleanup.labelled(runtime, LABEL);
    }

    /** Ids of the containers, running or not, that this environment started and that still exist. */
    public List<String> ownContainers() throws IOException, InterruptedException {
        requireRuntime();
        return ContainerCleanup.labelled(runtime, OWNER_LABEL + "=" + owner);
    }

    /** The runtime this environment uses, with its run arguments once the image is built. */
    public ContainerRuntime runtime() throws IOException, InterruptedException {
        requireRuntime();
        return runtime;
    }

    /** The name of the container {@link #start} started last, while it runs. */
    public Optional<String> currentContainer() {
        return containers.current();
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

    private void track(String container) {
        cleanupHook.register();
        containers.track(container);
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
