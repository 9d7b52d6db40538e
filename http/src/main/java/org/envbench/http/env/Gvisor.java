package org.envbench.http.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the gvisor environment swaps the engine's OCI runtime for gVisor's runsc: the wrapper for podman, dockerd's
 * {@code runsc} for docker, and a throwaway container that shows whether runsc starts here at all.
 */
final class Gvisor {

    /** gVisor's network mode and platform as envbench runs it: its own netstack, runsc's default platform. */
    static final String NETWORK = "sandbox";
    /** The OCI runtime wrapper that lets runsc's own network stack start on Linux >= 6.11 (RUNTIMES.md). */
    static final String WRAPPER = "container/runsc-netns-fix.sh";
    /** The name docker-engine.sh registers the wrapper under in dockerd. */
    static final String DOCKER_RUNTIME = "runsc";
    static final Path RUNSC = Path.of("/usr/bin/runsc");

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Path projectDir;
    private List<String> probedRunArgs;

    Gvisor(Path projectDir) {
        this.projectDir = projectDir;
    }

    /** Why runsc or its wrapper is not there to be tried, if either is missing. */
    Optional<String> missingReason() {
        if (!Files.isExecutable(RUNSC)) {
            return Optional.of("gVisor's runsc is not at " + RUNSC + "; install it (Debian: apt-get install runsc)");
        }
        if (!Files.isExecutable(projectDir.resolve(WRAPPER))) {
            return Optional.of(projectDir.resolve(WRAPPER) + " is missing or not executable");
        }
        return Optional.empty();
    }

    /**
     * Starts a throwaway container under gVisor with the default network, as the server runs (with
     * {@code --network none} runsc would skip the network set-up that fails on new kernels), from whichever of
     * envbench's images exists; without one the first start finds out. The run arguments that worked are kept.
     */
    Optional<String> probe(ContainerRuntime runtime) throws IOException, InterruptedException {
        String probeImage = ContainerImage.exists(runtime, ContainerEnvironment.IMAGE) ? ContainerEnvironment.IMAGE
                : ContainerImage.exists(runtime, ContainerEnvironment.LOCAL_BASE_IMAGE)
                ? ContainerEnvironment.LOCAL_BASE_IMAGE : null;
        if (probeImage == null) {
            return Optional.empty();
        }
        List<List<String>> candidates = runtime.runArgs() != null ? List.of(runtime.runArgs())
                : ContainerRuntime.RUN_ARGS_CANDIDATES;
        String last = "";
        for (List<String> candidate : candidates) {
            List<String> probe = runtime.command("run", "--rm", "--entrypoint", "/bin/true");
            List<String> args = args(runtime, candidate);
            probe.addAll(args);
            probe.add(probeImage);
            CommandResult result = CommandResult.run(probe, COMMAND_TIMEOUT);
            if (result.succeeded()) {
                probedRunArgs = args;
                return Optional.empty();
            }
            last = result.tail(2);
        }
        return Optional.of(runtime.name() + " cannot start a container under runsc here; the last attempt said: "
                + last);
    }

    /** The run arguments under gVisor: those the probe found to work, else the runtime's with gVisor's runtime. */
    List<String> runArgs(ContainerRuntime runtime) {
        return probedRunArgs != null ? probedRunArgs : args(runtime, runtime.runArgs());
    }

    /** {@code runArgs} with the OCI runtime replaced by gVisor's: the wrapper for podman, dockerd's runsc. */
    List<String> args(ContainerRuntime runtime, List<String> runArgs) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < runArgs.size(); i++) {
            if (runArgs.get(i).equals("--runtime") && i + 1 < runArgs.size()) {
                i++;
            } else if (!runArgs.get(i).startsWith("--runtime=")) {
                args.add(runArgs.get(i));
            }
        }
        args.add("--runtime");
        args.add(runtime.name().equals("docker") ? DOCKER_RUNTIME : projectDir.resolve(WRAPPER).toString());
        return args;
    }

    /** runsc's default platform ({@code systrap}, {@code ptrace}, {@code kvm}) from {@code runsc flags}. */
    static String platform() throws InterruptedException {
        String flags = CommandResult.outputOrEmpty(List.of(RUNSC.toString(), "flags"), COMMAND_TIMEOUT);
        Matcher matcher = Pattern.compile("-platform string\\s+.*?\\(default \"(\\w+)\"\\)", Pattern.DOTALL)
                .matcher(flags);
        return matcher.find() ? matcher.group(1) : "unknown";
    }
}
