package org.envbench.http.env;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
import java.util.stream.Stream;

import org.envbench.http.host.CleanupHook;
import org.envbench.http.host.HealthWait;
import org.envbench.http.host.Ports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
    public static final String LOCAL_BASE_IMAGE = "localhost/envbench-jre:17";
    /** The Dockerfile's default base; fully qualified so that podman needs no short-name resolution. */
    public static final String REGISTRY_BASE_IMAGE = "docker.io/library/eclipse-temurin:17-jre";
    public static final String LABEL = "org.envbench.managed=true";
    /** Names the {@link ContainerEnvironment} instance that started a container, so it can list its own. */
    public static final String OWNER_LABEL = "org.envbench.owner";
    public static final String BASE_VARIABLE = "ENVBENCH_CONTAINER_BASE";
    static final int CONTAINER_PORT = 8080;

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

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
    private final Base base;
    private final Set<String> containers = ConcurrentHashMap.newKeySet();
    private final String owner = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ContainerRuntime.Result detected;
    private volatile ContainerRuntime runtime;
    private boolean imageReady;
    private String baseImageUsed;
    private volatile String current;
    /** The host PID of the current container's init, once asked. */
    private volatile InitPid initPid;
    private final CleanupHook cleanupHook = new CleanupHook("envbench-container-cleanup", this::close);

    /**
     * @param projectDir the checkout: where container/Dockerfile, http/envbench.jar and jmh/benchmarks.jar are
     * @param settings   runtime and run arguments chosen by the user; null parts are detected
     * @param base       which JRE base image to build on
     */
    public ContainerEnvironment(Path projectDir, ContainerRuntime.Settings settings, Base base) {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.settings = settings;
        this.base = base;
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
        return "container";
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            ContainerRuntime.Result result = detect();
            if (result.found().isEmpty()) {
                return Optional.of("no container runtime: " + result.problem());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for docker or podman");
        }
        List<String> missing = missingBuildInputs();
        if (!missing.isEmpty() && !imageExists(IMAGE)) {
            return Optional.of("cannot build " + IMAGE + ": missing " + String.join(", ", missing)
                    + " (run ./mvnw -B package -DskipTests in " + projectDir + ")");
        }
        return Optional.empty();
    }

    @Override
    public Started start(Budget budget, Duration timeout) throws IOException, InterruptedException {
        prepareImage();
        int hostPort = Ports.freeLoopbackPort();
        String container = "envbench-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> command = runCommand(container, budget);
        command.addAll(List.of("--detach", "--no-healthcheck", "-e", "ENVBENCH_ENV=container",
                "-p", "127.0.0.1:" + hostPort + ":" + CONTAINER_PORT));
        command.addAll(runtime.runArgs());
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
        return new Started(baseUri, seconds, runtime.name() + "/" + runtime.ociRuntime() + " on " + baseImageUsed);
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
            OptionalLong pid = initPid();
            if (pid.isPresent()) {
                OptionalLong fromCgroup = CgroupMemory.residentBytes(
                        Path.of("/proc", Long.toString(pid.getAsLong()), "cgroup"), Path.of("/sys/fs/cgroup"));
                if (fromCgroup.isPresent()) {
                    return fromCgroup;
                }
            }
            CommandResult stats = CommandResult.run(
                    runtime.command("stats", "--no-stream", "--format", "json", container), COMMAND_TIMEOUT);
            return stats.succeeded() ? CgroupMemory.fromStatsJson(stats.output()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /**
     * The host PID of the running container's init, asked of the runtime once per container (compare asks at every
     * turn, and an inspect costs podman about a tenth of a second).
     */
    private OptionalLong initPid() throws IOException, InterruptedException {
        String container = current;
        if (container == null || runtime == null) {
            return OptionalLong.empty();
        }
        InitPid known = initPid;
        if (known != null && known.container().equals(container)) {
            return OptionalLong.of(known.pid());
        }
        CommandResult pid = CommandResult.run(runtime.command("inspect", "--format", "{{.State.Pid}}", container),
                COMMAND_TIMEOUT);
        String text = pid.output().strip();
        if (!pid.succeeded() || !text.matches("[1-9][0-9]*")) {
            return OptionalLong.empty();
        }
        initPid = new InitPid(container, Long.parseLong(text));
        return OptionalLong.of(initPid.pid());
    }

    private record InitPid(String container, long pid) {
    }

    @Override
    public void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout)
            throws IOException, InterruptedException {
        prepareImage();
        // The container's user (uid 10001, or a sub-uid under rootless podman) must be able to write the result.
        Path exchange = Files.createTempDirectory("envbench-jmh-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(exchange, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path log = Files.createTempFile("envbench-jmh-", ".log");
        String container = "envbench-jmh-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> command = runCommand(container, budget);
        command.addAll(List.of("--rm", "--no-healthcheck",
                "-v", exchange + ":/results" + (runtime.name().equals("podman") ? ":Z" : "")));
        command.addAll(runtime.runArgs());
        command.add(IMAGE);
        command.add("jmh");
        command.addAll(jmhArgs);
        command.addAll(List.of("-rf", "json", "-rff", "/results/jmh.json"));

        track(container);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                remove(container);
                process.destroyForcibly();
                throw new IOException("JMH in the container did not finish within " + timeout.toSeconds()
                        + " s; the container was removed. Its last output:\n" + tail(log));
            }
            Path result = exchange.resolve("jmh.json");
            if (process.exitValue() != 0 || !Files.isRegularFile(result)) {
                throw new IOException("JMH in the container failed (exit " + process.exitValue()
                        + "); its last output:\n" + tail(log));
            }
            Path parent = jsonOut.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path partial = Files.createTempFile(parent, jsonOut.getFileName().toString(), ".partial");
            Files.copy(result, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, jsonOut, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            remove(container);
            deleteTree(exchange);
            Files.deleteIfExists(log);
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
        List<String> missing = missingBuildInputs();
        if (!missing.isEmpty()) {
            throw new IOException("cannot build " + IMAGE + ": missing " + String.join(", ", missing)
                    + "; run ./mvnw -B package -DskipTests in " + projectDir);
        }
        baseImageUsed = chooseBase();
        if (baseImageUsed.equals(LOCAL_BASE_IMAGE)) {
            CommandResult script = CommandResult.run(List.of("bash",
                    projectDir.resolve("container/base-image.sh").toString(), "--runtime", runtime.name()),
                    BUILD_TIMEOUT);
            if (!script.succeeded()) {
                throw new IOException("container/base-image.sh could not build " + LOCAL_BASE_IMAGE + ": "
                        + script.tail(5));
            }
        }
        List<String> command = runtime.command("build", "--build-arg", "JRE_IMAGE=" + baseImageUsed);
        command.addAll(buildArgsFromRunArgs(runtime));
        command.addAll(List.of("-f", projectDir.resolve("container/Dockerfile").toString(), "-t", IMAGE,
                projectDir.toString()));
        CommandResult build = CommandResult.run(command, BUILD_TIMEOUT);
        if (!build.succeeded()) {
            throw new IOException(runtime.name() + " build of " + IMAGE + " on " + baseImageUsed + " failed: "
                    + build.tail(8));
        }
        // The tag moved to the new build; the image it left behind is untagged and would pile up, one per new
        // jar. Only envbench's own untagged images go (podman and docker both take this filter).
        CommandResult.run(runtime.command("image", "prune", "--force", "--filter",
                "label=org.opencontainers.image.title=envbench"), COMMAND_TIMEOUT);
        runtime = runtime.withWorkingRunArgs(IMAGE);
        imageReady = true;
    }

    /**
     * The configured run arguments that the image build's RUN steps need as well: podman build takes
     * {@code --runtime} and {@code --ulimit} like podman run; docker build takes neither.
     */
    static List<String> buildArgsFromRunArgs(ContainerRuntime runtime) {
        List<String> buildArgs = new ArrayList<>();
        List<String> runArgs = runtime.runArgs();
        if (!runtime.name().equals("podman") || runArgs == null) {
            return buildArgs;
        }
        for (int i = 0; i + 1 < runArgs.size(); i++) {
            if (runArgs.get(i).equals("--runtime") || runArgs.get(i).equals("--ulimit")) {
                buildArgs.add(runArgs.get(i));
                buildArgs.add(runArgs.get(++i));
            }
        }
        return buildArgs;
    }

    private String chooseBase() throws InterruptedException, IOException {
        switch (base) {
            case LOCAL:
                return LOCAL_BASE_IMAGE;
            case REGISTRY:
                return REGISTRY_BASE_IMAGE;
            default:
                if (imageExists(REGISTRY_BASE_IMAGE)) {
                    return REGISTRY_BASE_IMAGE;
                }
                CommandResult pull = CommandResult.run(runtime.command("pull", REGISTRY_BASE_IMAGE), BUILD_TIMEOUT);
                return pull.succeeded() ? REGISTRY_BASE_IMAGE : LOCAL_BASE_IMAGE;
        }
    }

    private List<String> runCommand(String container, Budget budget) {
        List<String> command = runtime.command("run", "--name", container, "--label", LABEL,
                "--label", OWNER_LABEL + "=" + owner,
                "--cpus", BigDecimal.valueOf(budget.cpus()).stripTrailingZeros().toPlainString(),
                "--memory", budget.memoryBytes() + "b");
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

    private boolean imageExists(String image) {
        try {
            return runtime != null
                    && CommandResult.run(runtime.command("image", "inspect", image), COMMAND_TIMEOUT).succeeded();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<String> missingBuildInputs() {
        return Stream.of("container/Dockerfile", "container/jvm.flags", "container/entrypoint.sh",
                        "container/healthcheck.sh", "http/envbench.jar", "jmh/benchmarks.jar")
                .filter(file -> !Files.isRegularFile(projectDir.resolve(file))).toList();
    }


    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The container's memory as the host sees it, as {@code docker stats} counts it: usage less inactive file cache. */
    static final class CgroupMemory {
        private static final Pattern STATS_USAGE = Pattern.compile("^\\s*([0-9.]+)\\s*([kKMGT]?i?B)");

        private CgroupMemory() {
        }

        /**
         * From the container's init process's {@code /proc/PID/cgroup}: cgroup v2's {@code memory.current} or
         * v1's {@code memory.usage_in_bytes}, less {@code inactive_file} from {@code memory.stat}.
         */
        static OptionalLong residentBytes(Path procCgroup, Path cgroupRoot) throws IOException {
            if (!Files.isReadable(procCgroup)) {
                return OptionalLong.empty();
            }
            for (String line : Files.readAllLines(procCgroup)) {
                String[] parts = line.split(":", 3);
                if (parts.length != 3) {
                    continue;
                }
                String relative = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
                if (List.of(parts[1].split(",")).contains("memory")) {
                    Path directory = cgroupRoot.resolve("memory").resolve(relative);
                    return usageLessInactiveFile(directory.resolve("memory.usage_in_bytes"),
                            directory.resolve("memory.stat"), "total_inactive_file");
                }
                if (parts[0].equals("0") && parts[1].isEmpty()) {
                    Path directory = cgroupRoot.resolve(relative);
                    if (Files.isReadable(directory.resolve("memory.current"))) {
                        return usageLessInactiveFile(directory.resolve("memory.current"),
                                directory.resolve("memory.stat"), "inactive_file");
                    }
                }
            }
            return OptionalLong.empty();
        }

        private static OptionalLong usageLessInactiveFile(Path usageFile, Path statFile, String inactiveKey)
                throws IOException {
            if (!Files.isReadable(usageFile)) {
                return OptionalLong.empty();
            }
            long usage = Long.parseLong(Files.readString(usageFile).strip());
            long inactive = 0;
            if (Files.isReadable(statFile)) {
                for (String line : Files.readAllLines(statFile)) {
                    String[] keyValue = line.split(" ");
                    if (keyValue.length == 2 && keyValue[0].equals(inactiveKey)) {
                        inactive = Long.parseLong(keyValue[1]);
                    }
                }
            }
            return OptionalLong.of(Math.max(0, usage - inactive));
        }

        /** From {@code stats --no-stream --format json}: podman's {@code mem_usage} ({@code "909.3kB / 536.9MB"}). */
        static OptionalLong fromStatsJson(String json) throws IOException {
            JsonNode root = JSON.readTree(json);
            JsonNode first = root.isArray() ? root.path(0) : root;
            String usage = first.path("mem_usage").asText(first.path("MemUsage").asText(""));
            Matcher matcher = STATS_USAGE.matcher(usage);
            if (!matcher.find()) {
                return OptionalLong.empty();
            }
            double value = Double.parseDouble(matcher.group(1));
            String unit = matcher.group(2);
            boolean binary = unit.contains("i");
            double base = binary ? 1024 : 1000;
            int power = switch (Character.toUpperCase(unit.charAt(0))) {
                case 'K' -> 1;
                case 'M' -> 2;
                case 'G' -> 3;
                case 'T' -> 4;
                default -> 0;
            };
            return OptionalLong.of(Math.round(value * Math.pow(base, power)));
        }
    }
}
