package org.envbench.http.env;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One place the server can run in for {@code compare}: the host itself, a container, a VM. An environment
 * starts the same {@code envbench.jar serve} with the same JVM flags and budget, and stops everything it
 * started, however {@code compare} ends.
 */
public interface Environment extends AutoCloseable {

    /** The role in the comparison: {@code bare}, {@code container} or {@code vm}. */
    String name();

    /** Empty when this machine can run this environment; otherwise why not, in one line for the user. */
    Optional<String> unavailableReason();

    /**
     * Starts the server inside the environment and returns once {@code GET /health} answers 200.
     *
     * @throws IOException if it could not start or did not become healthy within {@code timeout}; whatever
     *                     was started is stopped again before this throws
     */
    Started start(Budget budget, Duration timeout) throws IOException, InterruptedException;

    /**
     * Resident memory of the whole environment as the host sees it: the JVM process for bare, the container's
     * cgroup for a container, the qemu process for a VM. Empty when not started or not measurable.
     */
    OptionalLong hostResidentBytes();

    /**
     * The host processes the running environment is made of (the server JVM; the container's processes; the
     * launcher and qemu), so that {@code compare} can stop them while it measures another environment. Empty when
     * nothing runs, or when this environment cannot be paused from the host.
     */
    default List<ProcessHandle> hostProcesses() {
        return List.of();
    }

    /** {@code process} and every process under it while it lives; none before it started (null) or once it ended. */
    static List<ProcessHandle> liveTree(Process process) {
        if (process == null || !process.isAlive()) {
            return List.of();
        }
        return withDescendants(process.toHandle());
    }

    /** {@code root} and every process under it, root first: what {@link #hostProcesses} returns for a tree. */
    static List<ProcessHandle> withDescendants(ProcessHandle root) {
        List<ProcessHandle> processes = new ArrayList<>(List.of(root));
        root.descendants().forEach(processes::add);
        return processes;
    }

    /**
     * Runs the JMH suite inside the environment with the given JMH arguments (not including {@code -rf} and
     * {@code -rff}, which this method sets) and copies JMH's JSON result to {@code jsonOut}.
     */
    void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout)
            throws IOException, InterruptedException;

    /** Stops whatever {@link #start} or {@link #runJmh} started. Idempotent and safe from a shutdown hook. */
    @Override
    void close();
}
