package org.envbench.http.compare;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.envbench.http.env.BareEnvironment;
import org.envbench.http.env.Environment;

/**
 * The environments {@code compare} knows, by name, in the order they are measured. Container and VM adapters
 * are looked up by class name, so that {@code compare} builds and runs whether or not they are on the class
 * path; one that is missing, cannot be made, or says it cannot run here is skipped with its reason.
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
     * {@code --container-runtime} in place of {@code ENVBENCH_CONTAINER_RUNTIME} when given. Looked up by name so
     * that a jar without the adapter still runs the others.
     */
    static Environment container(Options options) {
        String className = "org.envbench.http.env.ContainerEnvironment";
        try {
            Class<?> type = Class.forName(className);
            Class<?> settingsType = Class.forName("org.envbench.http.env.ContainerRuntime$Settings");
            Class<?> baseType = Class.forName(className + "$Base");
            Map<String, String> environment = new java.util.HashMap<>(System.getenv());
            if (options.containerRuntime() != null) {
                environment.put("ENVBENCH_CONTAINER_RUNTIME", options.containerRuntime());
            }
            Object settings = settingsType.getMethod("fromEnvironment", Map.class).invoke(null, environment);
            Object base = type.getMethod("parseBase", String.class).invoke(null,
                    environment.getOrDefault("ENVBENCH_CONTAINER_BASE", "auto"));
            return (Environment) type.getConstructor(Path.class, settingsType, baseType)
                    .newInstance(projectDir(options.classPath()), settings, base);
        } catch (ClassNotFoundException e) {
            throw new UnavailableException("not built into this jar (" + e.getMessage() + " missing)");
        } catch (InvocationTargetException e) {
            throw new UnavailableException("could not be set up: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException | ClassCastException e) {
            return byClassName(className, options.containerRuntime());
        }
    }

    /** The VM adapter for the checkout's vm/ folder (as the adapter finds it) with {@code --vm-accel}. */
    static Environment vm(Options options) {
        String className = "org.envbench.http.env.VmEnvironment";
        try {
            Class<?> type = Class.forName(className);
            Path vmDir;
            try {
                vmDir = (Path) type.getMethod("locateVmDir").invoke(null);
            } catch (NoSuchMethodException e) {
                vmDir = projectDir(options.classPath()).resolve("vm");
            }
            return (Environment) type.getConstructor(Path.class, String.class).newInstance(vmDir, options.vmAccel());
        } catch (ClassNotFoundException e) {
            throw new UnavailableException("not built into this jar (" + className + " missing)");
        } catch (InvocationTargetException e) {
            throw new UnavailableException("could not be set up: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException | ClassCastException e) {
            return byClassName(className, options.vmAccel());
        }
    }

    /**
     * The envbench checkout (where container/ and vm/ are): the working directory or one above it (Maven runs
     * tests in http/), else the folder above the jar ({@code http/envbench.jar}); the working directory if none.
     */
    static Path projectDir(String classPath) {
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> candidates = new java.util.ArrayList<>(List.of(cwd));
        if (cwd.getParent() != null) {
            candidates.add(cwd.getParent());
        }
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path jarDir = Path.of(entry).toAbsolutePath().getParent();
            if (jarDir != null && jarDir.getParent() != null) {
                candidates.add(jarDir.getParent());
            }
        }
        for (Path candidate : candidates) {
            if (java.nio.file.Files.isDirectory(candidate.resolve("container"))
                    && java.nio.file.Files.isDirectory(candidate.resolve("http"))) {
                return candidate;
            }
        }
        return cwd;
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

    /**
     * Makes an adapter by reflection: a constructor taking the option (runtime or acceleration) when it is
     * given and the class has one, else the no-argument constructor.
     */
    static Environment byClassName(String className, String option) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new UnavailableException("not built into this jar (" + className + " missing)");
        }
        try {
            if (option != null) {
                try {
                    Constructor<?> withOption = type.getConstructor(String.class);
                    return (Environment) withOption.newInstance(option);
                } catch (NoSuchMethodException e) {
                    // falls through to the no-argument constructor; the option does not apply to this adapter
                }
            }
            return (Environment) type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new UnavailableException("could not be set up: " + e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new UnavailableException("could not be set up: " + e);
        }
    }

    /** Thrown by a factory when the environment cannot be made here, with the reason for the user. */
    public static final class UnavailableException extends RuntimeException {
        public UnavailableException(String reason) {
            super(reason);
        }
    }
}
