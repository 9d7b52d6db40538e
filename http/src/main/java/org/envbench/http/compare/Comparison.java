package org.envbench.http.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.envbench.http.env.Started;
import org.envbench.http.host.CleanupHook;
import org.envbench.http.results.EnvironmentStatus;
import org.envbench.http.results.ResultsFolder;
import org.envbench.http.results.RunRecord;
import org.envbench.http.results.RunStatus;
import org.envbench.http.results.SummaryRow;
import org.envbench.http.watch.InterferenceMeter;
import org.envbench.http.wire.StatusAnswer;

/**
 * One comparison: starts every environment, keeps them all up while it measures them in interleaved rounds, runs
 * the load step against each, optionally JMH, stops everything it started, and writes the results folder. Each
 * phase is its own class; this one puts them in order and owns the shutdown hook.
 *
 * <p>Faults: an environment that fails (does not start, stops answering, answers 5xx or an unverified result) is
 * marked failed with the reason and stopped; the others go on. On SIGTERM or Ctrl-C the hook stops every
 * environment and writes the results collected so far, every file whole, with {@code status=interrupted} in
 * run.json and environments.csv; every kernels.csv row is a complete {@code /run}.
 */
public final class Comparison {

    /**
     * @param loadCpuset CPUs for the load generator, or null when it shares the server's
     * @param runInfo    what run.json records besides the outcome: command line, options, notes
     * @param pause      stop (SIGSTOP) the environments not being measured, see {@link Freezer}
     * @param precision  the relative half-width every ratio's interval should reach (0.02 for 2%): forks are added
     *                   until it does or {@code maxTime} would be exceeded; 0 for none
     * @param maxTime    the time budget of a run with a precision target
     */
    public record Settings(String runId, Path outDir, Profile profile, boolean load, boolean jmh, String loadCpuset,
                           Map<String, Object> runInfo, boolean terminal, boolean pause, double precision,
                           java.time.Duration maxTime) {
    }

    private final ComparisonState state;
    private final LoadStep loadStep;
    private final PrintStream out;
    private final CleanupHook shutdownHook = new CleanupHook("envbench-compare-cleanup", this::onSignal);
    private final Instant startTime = Instant.now();
    private boolean written;
    private List<SummaryRow> summary;

    public Comparison(Settings settings, List<EnvironmentUnderTest> envs, LoadStep loadStep, PrintStream out,
                      PrintStream err) {
        this.state = new ComparisonState(settings, envs, err);
        this.loadStep = loadStep;
        this.out = out;
    }

    /** Runs the comparison; 0 when every environment asked for ran to the end, 1 when one failed or was skipped. */
    public int run() throws IOException {
        Settings settings = state.settings;
        Files.createDirectories(settings.outDir());
        shutdownHook.register();
        synchronized (state.lock) {
            // A folder that says "running" until the end: a run killed with SIGKILL leaves it so, and readers
            // (diff, the notebook) then know it is incomplete.
            write(RunStatus.RUNNING);
            written = false;
        }
        state.err.println("compare: run " + settings.runId() + ", profile " + settings.profile().name()
                + ", results in " + settings.outDir());
        try {
            announce();
            state.meter = interferenceMeter();
            new ForkLoop(state, loadStep).run();
        } finally {
            stopAll();
        }
        RunRecord record;
        synchronized (state.lock) {
            if (state.stopping()) {
                return 130;
            }
            for (EnvironmentUnderTest env : state.envs) {
                if (env.status == EnvironmentStatus.PENDING || env.running()) {
                    env.endFork(state.fork, EnvironmentStatus.OK, null);
                    env.status = EnvironmentStatus.OK;
                }
            }
            state.phase = "done";
            record = write(RunStatus.COMPLETE);
        }
        // A hook that already started sees `written` and does nothing.
        shutdownHook.unregister();
        new ConsoleReport(out).print(record, state.envs, summary, settings.profile().name(),
                settings.outDir().toString());
        return exitCode();
    }

    /** The meter of each turn's interference; null, with a note, where this machine's /proc cannot tell. */
    private InterferenceMeter interferenceMeter() {
        try {
            return InterferenceMeter.create();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            state.note("interference is not measured: " + ComparisonState.message(e));
        }
        return null;
    }

    private void announce() {
        for (EnvironmentUnderTest env : state.envs) {
            if (env.status == EnvironmentStatus.SKIPPED) {
                state.err.println("compare: skipping " + env.label + ": " + env.reason);
            }
        }
        Profile profile = state.profile();
        long pending = state.envs.stream().filter(e -> e.status == EnvironmentStatus.PENDING).count();
        state.err.printf(Locale.ROOT, "compare: plan: %d environments x %d kernel sizes x %d forks x (at least %d "
                        + "warm-up + %d A-B-B-A rounds x 2 turns x %d runs) /run calls%s; the time estimate follows the "
                        + "first warm-up, before any measurement%n", pending, profile.points(), profile.forks(),
                profile.warmupRuns(), profile.rounds(), profile.runsPerTurn(), state.settings.load()
                        ? String.format(Locale.ROOT,
                        ", then 2 load runs of %d s per environment",
                        profile.loadDuration().plus(profile.loadWarmup()).toSeconds()) : "");
    }

    private int exitCode() {
        boolean allOk = state.envs.stream().allMatch(EnvironmentUnderTest::acceptable);
        return allOk && state.notes.stream().noneMatch(n -> n.startsWith("FAILED")) ? 0 : 1;
    }

    private void stopAll() {
        // First: a stopped process keeps a SIGTERM pending, and would only die at the end of its grace period.
        state.freezer.resumeAll();
        loadStep.close();
        for (EnvironmentUnderTest env : state.envs) {
            if (env.environment != null) {
                env.environment.close();
            }
        }
    }

    /** The shutdown hook: SIGTERM or Ctrl-C before the end. Stops everything, then writes what is complete. */
    private void onSignal() {
        synchronized (state.lock) {
            if (written) {
                return;
            }
            state.interrupt();
        }
        state.err.println();
        state.err.println("compare: interrupted during " + state.phase + "; stopping every environment");
        stopAll();
        synchronized (state.lock) {
            for (EnvironmentUnderTest env : state.envs) {
                if (env.running() || env.status == EnvironmentStatus.PENDING) {
                    env.status = EnvironmentStatus.INTERRUPTED;
                    env.reason = "compare was interrupted (SIGTERM or Ctrl-C) during " + state.phase;
                    env.endFork(state.fork, EnvironmentStatus.INTERRUPTED, env.reason);
                }
            }
            try {
                write(RunStatus.INTERRUPTED);
                state.err.println("compare: wrote the results so far, marked interrupted, to "
                        + state.settings.outDir());
            } catch (IOException | RuntimeException e) {
                state.err.println("compare: could not write the results so far: " + e.getMessage());
            }
        }
    }


    /** Writes the results folder from what was measured. Caller holds the lock. */
    private RunRecord write(RunStatus status) throws IOException {
        RunRecord record = new RunRecord(state.settings.runId(), status, state.settings.runInfo(), startTime,
                Instant.now(), ComparisonState.REFERENCE, EnvironmentRows.referenceLabel(state.envs),
                state.profile().describe(),
                state.envs.stream().map(Comparison::recorded).toList(),
                List.copyOf(state.samples), List.copyOf(state.latencies), List.copyOf(state.notes));
        summary = ResultsFolder.write(state.settings.outDir(), record);
        written = true;
        return record;
    }

    private static RunRecord.Environment recorded(EnvironmentUnderTest env) {
        List<Started> started = env.forks.stream().map(EnvironmentUnderTest.Fork::started)
                .filter(java.util.Objects::nonNull).toList();
        StatusAnswer status = env.forks.stream().map(EnvironmentUnderTest.Fork::serverStatus)
                .filter(java.util.Objects::nonNull).findFirst().orElse(env.serverStatus);
        return new RunRecord.Environment(env.label, env.status, env.reason, env.rows(), env.budget, started, status);
    }

    /** The summary rows written, for calibration; null before the folder is written. */
    List<SummaryRow> summary() {
        return summary;
    }
}
