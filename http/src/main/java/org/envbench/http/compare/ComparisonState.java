package org.envbench.http.compare;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.envbench.http.results.EnvironmentStatus;
import org.envbench.http.results.KernelRow;
import org.envbench.http.results.LatencyRow;
import org.envbench.http.watch.InterferenceMeter;

/**
 * What the phases of one comparison share: the environments, what was measured so far, the notes, the phase under
 * way and whether a signal ended the run. Whatever the shutdown hook reads is guarded by one lock; once
 * interrupted, nothing more is recorded, so that what is written is what was complete.
 */
final class ComparisonState {

    /** The environment every ratio is taken against. */
    static final String REFERENCE = "bare";

    final Comparison.Settings settings;
    final List<EnvironmentUnderTest> envs;
    final PrintStream err;
    final Progress progress;
    final Freezer freezer;
    final Object lock = new Object();
    final List<KernelRow> samples = new ArrayList<>();
    final List<LatencyRow> latencies = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    volatile String phase = "starting";
    volatile Profile profile;
    /** The fork under way, from 1: the how-many-th launch of every environment's server. */
    volatile int fork = 1;
    /** Measures what else used the machine during each measured turn; null where /proc cannot tell. */
    InterferenceMeter meter;
    private boolean interrupted;

    ComparisonState(Comparison.Settings settings, List<EnvironmentUnderTest> envs, PrintStream err) {
        this.settings = settings;
        this.envs = envs;
        this.err = err;
        this.progress = new Progress(err, settings.terminal());
        this.freezer = new Freezer(settings.pause());
        this.profile = settings.profile();
    }

    /** What the fork under way measures: the run's profile, or the kernels a precision fork adds runs to. */
    Profile profile() {
        return profile;
    }

    List<EnvironmentUnderTest> running() {
        return envs.stream().filter(EnvironmentUnderTest::running).toList();
    }

    /** The environment ratios are taken against: bare when it is up, else the first one up; null when none is. */
    EnvironmentUnderTest reference() {
        return envs.stream().filter(e -> e.running() && e.label.equals(REFERENCE)).findFirst()
                .orElse(envs.stream().filter(EnvironmentUnderTest::running).findFirst().orElse(null));
    }

    boolean stopping() {
        synchronized (lock) {
            return interrupted;
        }
    }

    /** Marks the run interrupted; false when it already was. */
    boolean interrupt() {
        synchronized (lock) {
            boolean first = !interrupted;
            interrupted = true;
            return first;
        }
    }

    void record(KernelRow sample) {
        synchronized (lock) {
            if (!interrupted) {
                samples.add(sample);
            }
        }
    }

    void recordAll(List<KernelRow> rows) {
        synchronized (lock) {
            if (!interrupted) {
                samples.addAll(rows);
            }
        }
    }

    void record(LatencyRow row) {
        synchronized (lock) {
            if (!interrupted) {
                latencies.add(row);
            }
        }
    }

    /** A note in run.json and on the console. */
    void note(String text) {
        synchronized (lock) {
            notes.add(text);
        }
        progress.breakLine();
        err.println("compare: " + text);
    }

    /** A note in run.json only. */
    void noteQuietly(String text) {
        synchronized (lock) {
            notes.add(text);
        }
    }

    /** Marks {@code env} failed with the reason and stops it; the others go on. */
    void fail(EnvironmentUnderTest env, String reason) {
        synchronized (lock) {
            if (interrupted) {
                return;
            }
            env.status = EnvironmentStatus.FAILED;
            env.reason = settings.profile().forks() > 1 ? "fork " + fork + ": " + reason : reason;
            env.endFork(fork, EnvironmentStatus.FAILED, env.reason);
        }
        progress.breakLine();
        err.println("compare: " + env.label + " FAILED, the others go on: " + reason);
        freezer.resume(env);
        if (env.environment != null) {
            env.environment.close();
        }
    }

    /**
     * Starts one environment's turn: with pausing on, it runs alone and the others are stopped. The turn starts
     * with a health check (which, like every ServerClient call, is tried again once if a keep-alive connection the
     * continued server has just closed fails it).
     */
    void turn(EnvironmentUnderTest env) {
        if (!env.running() || !freezer.enabled()) {
            return;
        }
        freezer.only(env, envs);
        if (!env.client.healthy()) {
            fail(env, "did not answer /health after being continued during " + phase);
        }
    }

    static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }
}
