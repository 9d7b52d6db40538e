package org.envbench.http.env;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import org.envbench.http.watch.RunMarker;

/**
 * The {@code run} command lines of envbench's containers: the labels that find them again, the budget as
 * {@code --cpus}, {@code --memory} and {@code --cpuset-cpus}, the JVM flags in {@code JDK_JAVA_OPTIONS}, then the
 * host's run arguments and {@value ContainerEnvironment#IMAGE}.
 */
final class ContainerRunCommand {

    private final RunMarker marker;
    private final String owner;

    /**
     * @param marker the run's mark, as labels on every container, or null for {@value ContainerEnvironment#LABEL}
     * @param owner  the value of {@value ContainerEnvironment#OWNER_LABEL}: who started the container
     */
    ContainerRunCommand(RunMarker marker, String owner) {
        this.marker = marker;
        this.owner = owner;
    }

    /** The server, detached, as {@code envName}, with port 8080 published on 127.0.0.1:{@code hostPort}. */
    List<String> server(ContainerRuntime runtime, List<String> runArgs, String container, Budget budget,
                        String envName, int hostPort) {
        List<String> command = withBudget(runtime, container, budget);
        command.addAll(List.of("--detach", "--no-healthcheck", "-e", "ENVBENCH_ENV=" + envName,
                "-p", "127.0.0.1:" + hostPort + ":" + ContainerEnvironment.CONTAINER_PORT));
        command.addAll(runArgs);
        command.add(ContainerEnvironment.IMAGE);
        return command;
    }

    /** JMH with {@code jmhArgs}, writing its JSON into {@code exchangeDir} mounted at /results. */
    List<String> jmh(ContainerRuntime runtime, List<String> runArgs, String container, Budget budget,
                     Path exchangeDir, List<String> jmhArgs) {
        List<String> command = withBudget(runtime, container, budget);
        command.addAll(List.of("--rm", "--no-healthcheck",
                "-v", exchangeDir + ":/results" + (runtime.name().equals("podman") ? ":Z" : "")));
        command.addAll(runArgs);
        command.add(ContainerEnvironment.IMAGE);
        command.add("jmh");
        command.addAll(jmhArgs);
        command.addAll(List.of("-rf", "json", "-rff", "/results/" + JmhExchange.RESULT));
        return command;
    }

    private List<String> withBudget(ContainerRuntime runtime, String container, Budget budget) {
        List<String> command = runtime.command("run", "--name", container);
        command.addAll(marker != null ? marker.labelArguments() : List.of("--label", ContainerEnvironment.LABEL));
        command.addAll(List.of("--label", ContainerEnvironment.OWNER_LABEL + "=" + owner,
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
}
