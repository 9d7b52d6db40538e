package org.envbench.http.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.envbench.http.env.BareEnvironment;
import org.envbench.http.env.ContainerEnvironment;
import org.envbench.http.env.ContainerRuntime;
import org.envbench.http.env.Environment;
import org.envbench.http.env.LaunchCommandEnvironment;
import org.envbench.http.env.TargetEnvironment;
import org.envbench.http.env.VmEnvironment;
import org.envbench.http.host.ProjectDir;
import org.envbench.http.watch.RunMarker;

/**
 * The environments {@code compare} knows, by name, in the order they are measured: adding one is one adapter class
 * and one {@link #register} line in {@link #standard()}. One that cannot be made, or says it cannot run here, is
 * skipped with its reason.
 */
public final class EnvironmentRegistry {

    /**
     * What an environment needs from the command line.
     *
     * @param classPath        class path of a bare server JVM (this jar, or the test class path)
     * @param owner            label of everything this run starts (the run id)
     * @param containerRuntime docker or podman, or null to find one
     * @param vmAccel          auto, kvm or tcg
     * @param workDir          where logs of the environments go
     * @param marker           the run's mark for everything the environments start, or null for none
     */
    public record Options(String classPath, String owner, String containerRuntime, String vmAccel, Path workDir,
                          RunMarker marker) {

        /** Options without a run marker. */
        public Options(String classPath, String owner, String containerRuntime, String vmAccel, Path workDir) {
            this(classPath, owner, containerRuntime, vmAccel, workDir, null);
        }
    }

    /** The outcome of asking for one environment: the environment, or why it was skipped. */
    public record Lookup(String name, Environment environment, String skipReason) {
        public boolean available() {
            return environment != null;
        }
    }

    private final Map<String, Function<Options, Environment>> factories = new LinkedHashMap<>();

    /** The registry with bare, container, gvisor and vm. */
    public static EnvironmentRegistry standard() {
        EnvironmentRegistry registry = new EnvironmentRegistry();
        registry.register("bare", options -> new BareEnvironment(options.classPath(), options.owner(), null,
                options.workDir(), options.marker()));
        registry.register("container", options -> container(options, false));
        registry.register("gvisor", options -> container(options, true));
        registry.register("vm", EnvironmentRegistry::vm);
        return registry;
    }

    /** Adds {@code --env-command NAME='COMMAND'}; refuses a name that is taken. */
    public void registerLaunchCommand(LaunchCommandEnvironment.Definition definition) {
        requireNew(definition.name(), "--env-command");
        register(definition.name(), options -> {
            Path jar = envbenchJar(options.classPath());
            return new LaunchCommandEnvironment(definition, jar, javaBeside(jar), options.workDir(), options.marker());
        });
    }

    /** Adds {@code --target NAME=URL}; refuses a name that is taken. */
    public void registerTarget(TargetEnvironment.Definition definition) {
        requireNew(definition.name(), "--target");
        register(definition.name(), options -> new TargetEnvironment(definition));
    }

    private void requireNew(String name, String option) {
        if (knows(name)) {
            throw new IllegalArgumentException(option + " " + name + ": the name is taken (environments so far: "
                    + names() + "); give each --env-command and --target a name of its own");
        }
    }

    /** The envbench.jar on the class path, else the checkout's http/envbench.jar (tests run from class folders). */
    static Path envbenchJar(String classPath) {
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (entry.endsWith("envbench.jar")) {
                return Path.of(entry).toAbsolutePath().normalize();
            }
        }
        return ProjectDir.find(classPath).resolve("http").resolve("envbench.jar");
    }

    /** The build's runtime beside the jar (http/runtime/bin/java), the one bare runs too; else this JVM's. */
    static Path javaBeside(Path jar) {
        Path runtime = jar.resolveSibling("runtime").resolve("bin").resolve("java");
        return Files.isExecutable(runtime) ? runtime : Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The container adapter, configured as {@code ContainerEnvironment.fromEnvironment} does, with
     * {@code --container-runtime} in place of {@code ENVBENCH_CONTAINER_RUNTIME} when given.
     */
    static Environment container(Options options, boolean gvisor) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (options.containerRuntime() != null) {
            environment.put("ENVBENCH_CONTAINER_RUNTIME", options.containerRuntime());
        }
        try {
            return new ContainerEnvironment(ProjectDir.find(options.classPath()),
                    ContainerRuntime.Settings.fromEnvironment(environment),
                    ContainerEnvironment.parseBase(environment.getOrDefault("ENVBENCH_CONTAINER_BASE", "auto")),
                    options.marker(), gvisor);
        } catch (RuntimeException e) {
            throw new UnavailableException("could not be set up: " + e.getMessage());
        }
    }

    /** The VM adapter for the checkout's vm/ folder with {@code --vm-accel}. */
    static Environment vm(Options options) {
        return new VmEnvironment(ProjectDir.find(options.classPath()).resolve("vm"), options.vmAccel(),
                options.marker());
    }

    /** Adds or replaces an environment; tests use this to plug in their own. */
    public void register(String name, Function<Options, Environment> factory) {
        factories.put(name, factory);
    }

    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    public boolean knows(String name) {
        return factories.containsKey(name);
    }

    /** Makes the environment called {@code name}, or says why it cannot run here. Never throws for a known name. */
    public Lookup lookup(String name, Options options) {
        Function<Options, Environment> factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown environment '" + name + "'; known: " + names());
        }
        Environment environment;
        try {
            environment = factory.apply(options);
        } catch (UnavailableException e) {
            return new Lookup(name, null, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new Lookup(name, null, "could not be set up: " + e);
        }
        Optional<String> reason;
        try {
            reason = environment.unavailableReason();
        } catch (RuntimeException e) {
            reason = Optional.of("could not check whether it can run: " + e);
        }
        if (reason.isPresent() && !reason.get().isBlank()) {
            environment.close();
            return new Lookup(name, null, reason.get());
        }
        return new Lookup(name, environment, null);
    }

    /** Thrown by a factory when the environment cannot be made here, with the reason for the user. */
    public static final class UnavailableException extends RuntimeException {
        public UnavailableException(String reason) {
            super(reason);
        }
    }
}
