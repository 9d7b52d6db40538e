package org.envbench.http.compare;

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
import org.envbench.http.env.VmEnvironment;
import org.envbench.http.host.ProjectDir;

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
     */
    public record Options(String classPath, String owner, String containerRuntime, String vmAccel, Path workDir) {
    }

    /** The outcome of asking for one environment: the environment, or why it was skipped. */
    public record Lookup(String name, Environment environment, String skipReason) {
        public boolean available() {
            return environment != null;
        }
    }

    private final Map<String, Function<Options, Environment>> factories = new LinkedHashMap<>();

    /** The registry with bare, container and vm. */
    public static EnvironmentRegistry standard() {
        EnvironmentRegistry registry = new EnvironmentRegistry();
        registry.register("bare", options -> new BareEnvironment(options.classPath(), options.owner(), null,
                options.workDir()));
        registry.register("container", EnvironmentRegistry::container);
        registry.register("vm", EnvironmentRegistry::vm);
        return registry;
    }

    /**
     * The container adapter, configured as {@code ContainerEnvironment.fromEnvironment} does, with
     * {@code --container-runtime} in place of {@code ENVBENCH_CONTAINER_RUNTIME} when given.
     */
    static Environment container(Options options) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (options.containerRuntime() != null) {
            environment.put("ENVBENCH_CONTAINER_RUNTIME", options.containerRuntime());
        }
        try {
            return new ContainerEnvironment(ProjectDir.find(options.classPath()),
                    ContainerRuntime.Settings.fromEnvironment(environment),
                    ContainerEnvironment.parseBase(environment.getOrDefault("ENVBENCH_CONTAINER_BASE", "auto")));
        } catch (RuntimeException e) {
            throw new UnavailableException("could not be set up: " + e.getMessage());
        }
    }

    /** The VM adapter for the checkout's vm/ folder with {@code --vm-accel}. */
    static Environment vm(Options options) {
        return new VmEnvironment(ProjectDir.find(options.classPath()).resolve("vm"), options.vmAccel());
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
