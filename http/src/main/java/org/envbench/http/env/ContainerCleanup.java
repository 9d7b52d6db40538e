package org.envbench.http.env;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers one {@link ContainerEnvironment} started and has not yet removed, the one that serves among
 * them, and the look-up by label that finds what any run left behind.
 */
final class ContainerCleanup {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Set<String> containers = ConcurrentHashMap.newKeySet();
    private volatile String current;

    /** Remembers {@code container} before it is started, so that a failed or killed start is removed too. */
    void track(String container) {
        containers.add(container);
    }

    /** Marks {@code container} as the one that serves, until it is removed. */
    void serving(String container) {
        current = container;
    }

    Optional<String> current() {
        return Optional.ofNullable(current);
    }

    /** Removes every tracked container; says so on stderr, with the command to do it by hand, where one stays. */
    void removeAll(ContainerRuntime runtime) {
        for (String container : List.copyOf(containers)) {
            remove(runtime, container);
        }
        current = null;
    }

    void remove(ContainerRuntime runtime, String container) {
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

    /** Ids of all containers, running or not, that carry {@code label}, whoever started them. */
    static List<String> labelled(ContainerRuntime runtime, String label) throws IOException, InterruptedException {
        CommandResult listed = CommandResult.run(
                runtime.command("ps", "-a", "-q", "--filter", "label=" + label), COMMAND_TIMEOUT);
        if (!listed.succeeded()) {
            throw new IOException(runtime.name() + " could not list containers: " + listed.tail(2));
        }
        return listed.output().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** Removes the containers {@code ids} (what killed runs left behind); fails at the first that stays. */
    static void removeLeftovers(ContainerRuntime runtime, List<String> ids) throws IOException, InterruptedException {
        for (String id : ids) {
            CommandResult removed = CommandResult.run(runtime.command("rm", "-f", id), COMMAND_TIMEOUT);
            if (!removed.succeeded()) {
                throw new IOException("could not remove leftover container " + id + ": " + removed.tail(2));
            }
        }
    }
}
