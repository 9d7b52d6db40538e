package org.envbench.http.watch;

import java.util.List;

/**
 * Something a {@code compare} run started that is still there: a container or a host process tree.
 *
 * @param kind    container or process
 * @param id      the container's id, or the tree's root pid
 * @param name    the container's name, or the root's command line (shortened)
 * @param runtime the docker or podman executable that lists the container; empty for a process
 * @param state   the container's status ({@code running}, {@code exited}, ...) or the root's /proc state letter
 * @param marker  whose it is; null when it carries {@value RunMarker#MANAGED_LABEL} or envbench's old command-line
 *                mark but no owner
 * @param owner   whether that owner ran when it was found
 * @param pids    the process tree, root first (its start times beside, to tell a reused pid); empty for a container
 */
public record Leftover(Kind kind, String id, String name, String runtime, String state, RunMarker marker,
                       RunMarker.Owner owner, List<ProcessId> pids) {

    public enum Kind {
        CONTAINER,
        PROCESS
    }

    /** A pid with its start time: the same pid later may be another process. */
    public record ProcessId(long pid, long startTicks) {
    }

    public Leftover {
        pids = List.copyOf(pids);
    }

    /** What it is in a few words, for example {@code container envbench-1a2b3c4d (podman, running)}. */
    public String what() {
        return kind == Kind.CONTAINER
                ? "container " + name + " (" + runtime + ", " + state + ")"
                : "process " + id + " (" + name + (pids.size() > 1 ? ", and " + (pids.size() - 1) + " below it" : "")
                        + ")";
    }

    /** Whose it is, for example {@code run 20261201-quick (owner pid 123 is dead)}. */
    public String whose() {
        if (marker == null) {
            return "an envbench run that recorded no owner";
        }
        return "run " + marker.runId() + " (owner pid " + marker.ownerPid() + " is "
                + (owner == RunMarker.Owner.ALIVE ? "alive" : "dead") + ")";
    }
}
