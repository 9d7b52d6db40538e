package org.envbench.http.env;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A docker or podman command line that works on this machine, with the extra {@code run} arguments this host needs
 * (for example {@code --runtime runc --ulimit nofile=1024:1024} where crun or the default ulimits fail).
 *
 * <p>Configuration, strongest first: the {@link Settings} given by the caller, the environment variables
 * {@value #RUNTIME_VARIABLE} and {@value #RUN_ARGS_VARIABLE}, then detection: the first of podman and docker on
 * {@code PATH} whose {@code info} answers, and run arguments found by trying a throwaway container with each of
 * {@link #RUN_ARGS_CANDIDATES}.
 *
 * @param name       {@code docker} or {@code podman}
 * @param executable the command to call
 * @param runArgs    extra arguments for every {@code run}; null until {@link #withWorkingRunArgs} decided them
 */
public record ContainerRuntime(String name, Path executable, List<String> runArgs) {

    public static final String RUNTIME_VARIABLE = "ENVBENCH_CONTAINER_RUNTIME";
    public static final String RUN_ARGS_VARIABLE = "ENVBENCH_CONTAINER_RUN_ARGS";

    /**
     * Run arguments tried in order when none are configured: none, then what hosts with hybrid cgroups or low
     * ulimit ceilings need (runc instead of crun, ulimits no higher than the host's).
     */
    static final List<List<String>> RUN_ARGS_CANDIDATES = List.of(
            List.of(),
            List.of("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"),
            List.of("--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"));

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    public ContainerRuntime {
        runArgs = runArgs == null ? null : List.copyOf(runArgs);
    }

    /**
     * What the user chose: a runtime name or null to detect one, run arguments or null to detect them.
     *
     * @param runtime {@code docker}, {@code podman}, a path to either, or null
     * @param runArgs extra {@code run} arguments, or null
     */
    public record Settings(String runtime, List<String> runArgs) {
        public Settings {
            runArgs = runArgs == null ? null : List.copyOf(runArgs);
        }

        /** Settings from {@value #RUNTIME_VARIABLE} and {@value #RUN_ARGS_VARIABLE} (space-separated), where set. */
        public static Settings fromEnvironment(Map<String, String> environment) {
            String runtime = blankToNull(environment.get(RUNTIME_VARIABLE));
            String args = blankToNull(environment.get(RUN_ARGS_VARIABLE));
            return new Settings(runtime, args == null ? null : List.of(args.trim().split("\\s+")));
        }

        /** These settings where set, else {@code fallback}'s. */
        public Settings orElse(Settings fallback) {
            return new Settings(runtime != null ? runtime : fallback.runtime,
                    runArgs != null ? runArgs : fallback.runArgs);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    /** The runtime the settings name, or the first that answers {@code info}; empty with a reason if none does. */
    public static Result detect(Settings settings, String path) throws InterruptedException {
        return detect(settings, path, PROBE_TIMEOUT);
    }

    /**
     * As {@link #detect(Settings, String)}, with {@code info} bounded by {@code probeTimeout}: a runtime that hangs
     * there (a stuck daemon, a dead storage lock) is killed with what it started and named as the reason.
     */
    static Result detect(Settings settings, String path, Duration probeTimeout) throws InterruptedException {
        // Podman first: once a docker engine runs (docker-engine.sh starts one for the docker environments), docker
        // would otherwise take over what an unqualified "container" means in the middle of a suite.
        List<String> candidates = settings.runtime() != null ? List.of(settings.runtime()) : List.of("podman", "docker");
        List<String> problems = new ArrayList<>();
        for (String candidate : candidates) {
            Optional<Path> executable = findExecutable(candidate, path);
            if (executable.isEmpty()) {
                problems.add(candidate + " is not on PATH");
                continue;
            }
            String name = executable.get().getFileName().toString().toLowerCase(Locale.ROOT).contains("podman")
                    ? "podman" : "docker";
            try {
                CommandResult info = CommandResult.run(List.of(executable.get().toString(), "info"), probeTimeout);
                if (info.succeeded()) {
                    return new Result(new ContainerRuntime(name, executable.get(), settings.runArgs()), null);
                }
                problems.add("'" + candidate + " info' failed: " + info.tail(1));
            } catch (IOException e) {
                problems.add("'" + candidate + " info' failed: " + e.getMessage());
            }
        }
        String hint = settings.runtime() != null ? "" : "; install podman or start the docker daemon, or name one with "
                + RUNTIME_VARIABLE;
        return new Result(null, String.join("; ", problems) + hint);
    }

    /** A detected runtime, or why there is none. */
    public record Result(ContainerRuntime runtime, String problem) {
        public Optional<ContainerRuntime> found() {
            return Optional.ofNullable(runtime);
        }
    }

    /**
     * This runtime with run arguments that start a container here: the configured ones untouched, else the first
     * of {@link #RUN_ARGS_CANDIDATES} with which {@code run --rm --entrypoint true image} succeeds.
     *
     * @throws IOException if no candidate works, with what the last attempt said
     */
    public ContainerRuntime withWorkingRunArgs(String image) throws IOException, InterruptedException {
        if (runArgs != null) {
            return this;
        }
        String last = "";
        for (List<String> candidate : RUN_ARGS_CANDIDATES) {
            List<String> probe = new ArrayList<>(List.of(executable.toString(), "run", "--rm", "--network", "none",
                    "--entrypoint", "true"));
            probe.addAll(candidate);
            probe.add(image);
            CommandResult result = CommandResult.run(probe, PROBE_TIMEOUT);
            if (result.succeeded()) {
                return new ContainerRuntime(name, executable, candidate);
            }
            last = result.tail(2);
        }
        throw new IOException(name + " cannot start a container from " + image + " with any of the run arguments "
                + RUN_ARGS_CANDIDATES + "; the last attempt said: " + last + ". Set " + RUN_ARGS_VARIABLE
                + " to the arguments this host needs");
    }

    /** The runtime's command followed by {@code args}. */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(executable.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The OCI runtime that runs the containers ({@code runc}, {@code crun}), from the run arguments or {@code info}. */
    String ociRuntime() throws InterruptedException {
        int index = runArgs == null ? -1 : runArgs.indexOf("--runtime");
        if (index >= 0 && index + 1 < runArgs.size()) {
            return runArgs.get(index + 1);
        }
        String format = name.equals("podman") ? "{{.Host.OCIRuntime.Name}}" : "{{.DefaultRuntime}}";
        try {
            CommandResult result = CommandResult.run(command("info", "--format", format), PROBE_TIMEOUT);
            return result.succeeded() && !result.output().isBlank() ? result.output().strip() : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Whether {@code container} exists and runs. */
    boolean isRunning(String container) throws IOException, InterruptedException {
        CommandResult state = CommandResult.run(
                command("inspect", "--format", "{{.State.Running}}", container), COMMAND_TIMEOUT);
        return state.succeeded() && state.output().strip().equals("true");
    }

    /** The last 20 lines {@code container} wrote, or empty where the runtime cannot say. */
    String logsTail(String container) {
        try {
            return CommandResult.run(command("logs", "--tail", "20", container), COMMAND_TIMEOUT).output().strip();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static Optional<Path> findExecutable(String nameOrPath, String path) {
        if (nameOrPath.contains(File.separator)) {
            Path direct = Path.of(nameOrPath);
            return Files.isExecutable(direct) ? Optional.of(direct) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, nameOrPath);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
