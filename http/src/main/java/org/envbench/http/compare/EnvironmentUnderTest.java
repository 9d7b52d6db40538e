package org.envbench.http.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.envbench.http.env.Budget;
import org.envbench.http.env.Environment;
import org.envbench.http.env.Started;
import org.envbench.http.results.EnvironmentRow;
import org.envbench.http.results.EnvironmentStatus;
import org.envbench.http.wire.StatusAnswer;

/** One environment of a comparison under its label, with its budget and what happened to it so far. */
public final class EnvironmentUnderTest {

    final String label;
    final Environment environment;
    final Budget budget;
    final Duration startTimeout;
    EnvironmentStatus status;
    String reason;
    Started started;
    StatusAnswer serverStatus;
    ServerClient client;
    Long idleRssBytes;
    Long hostRssBytes;
    /** "kernel size" points the server refused (4xx, 501): left out for this environment. */
    final Set<String> refusedPoints = new HashSet<>();
    boolean requested = true;
    /** What each fork that ended left: its environments.csv row, how it started, its server's status. */
    final List<Fork> forks = new ArrayList<>();

    /** One launch of this environment's server, as it ended. */
    record Fork(int number, EnvironmentRow row, Started started, StatusAnswer serverStatus) {
    }

    /** An environment to run. */
    public EnvironmentUnderTest(String label, Environment environment, Budget budget, Duration startTimeout) {
        this.label = label;
        this.environment = environment;
        this.budget = budget;
        this.startTimeout = startTimeout;
        this.status = EnvironmentStatus.PENDING;
    }

    /**
     * An environment that cannot run here, recorded as skipped with the reason.
     *
     * @param requested whether the user named it (then its absence makes the exit status 1)
     */
    public static EnvironmentUnderTest skipped(String label, Budget budget, String reason, boolean requested) {
        EnvironmentUnderTest env = new EnvironmentUnderTest(label, null, budget, Duration.ZERO);
        env.status = EnvironmentStatus.SKIPPED;
        env.reason = reason;
        env.requested = requested;
        return env;
    }

    /**
     * Records the fork that just ended (stopped, failed or interrupted) and forgets its server, so that the next
     * fork starts afresh. Once per fork: a second call for the same fork does nothing.
     */
    void endFork(int number, EnvironmentStatus forkStatus, String forkReason) {
        if (environment == null || forks.stream().anyMatch(f -> f.number() == number)) {
            return;
        }
        forks.add(new Fork(number, EnvironmentRows.of(this, number, forkStatus, forkReason), started, serverStatus));
        started = null;
        client = null;
        idleRssBytes = null;
        hostRssBytes = null;
    }

    /** The environments.csv rows: one per fork that ran, or one without a fork for an environment that never did. */
    List<EnvironmentRow> rows() {
        if (forks.isEmpty()) {
            return List.of(EnvironmentRows.of(this, null, status, reason));
        }
        return forks.stream().map(Fork::row).toList();
    }

    boolean running() {
        return status == EnvironmentStatus.RUNNING;
    }

    /** Whether this environment leaves the exit status at 0: it ran to the end, or was skipped unasked. */
    boolean acceptable() {
        return status == EnvironmentStatus.OK || status == EnvironmentStatus.SKIPPED && !requested;
    }

    public String label() {
        return label;
    }

    public EnvironmentStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
