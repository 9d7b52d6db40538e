package org.envbench.http.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.envbench.http.env.Budget;
import org.envbench.http.env.Environment;
import org.envbench.http.env.Started;
import org.envbench.http.serve.ServeConfig;

/**
 * One comparison: starts every environment, keeps them all up while it measures them in interleaved rounds
 * (bare, container, vm, bare, container, vm, ...), runs the load step against each, optionally JMH, stops
 * everything it started, and writes the results folder.
 *
 * <p>Faults: an environment that fails (does not start, stops answering, answers 5xx or an unverified result) is
 * marked failed with the reason and stopped; the others go on. On SIGTERM or Ctrl-C a shutdown hook stops every
 * environment and writes the results collected so far, every file whole (temporary name, then rename), with
 * {@code status=interrupted} in run.json and environments.csv; every kernels.csv row is a complete {@code /run}.
 */
public final class Comparison {

    /** The environment every ratio is taken against. */
    static final String REFERENCE = "bare";

    private static final int MAX_WARMUP_RUNS = 12;
    private static final double MAX_WARMUP_SECONDS = 20;
    private static final double WARM_TOLERANCE = 0.03;

    /**
     * @param loadCpuset CPUs for the load generator, or null when it shares the server's
     * @param runInfo    what run.json records besides the outcome: command line, options, notes
     * @param pause      stop (SIGSTOP) the environments not being measured, see {@link Freezer}
     */
    public record Settings(String runId, Path outDir, Profile profile, boolean load, boolean jmh, String loadCpuset,
                           Map<String, Object> runInfo, boolean terminal, boolean pause) {
    }

    /** One environment of this comparison under its label, with its budget and what happened to it. */
    public static final class Slot {
        final String label;
        final Environment environment;
        final Budget budget;
        final Duration startTimeout;
        String status;
        String reason;
        Started started;
        JsonNode serverStatus;
        ServerClient client;
        Long idleRssBytes;
        Long hostRssBytes;
        final Set<String> refusedPoints = new HashSet<>();
        boolean requested = true;

        /** An environment to run. */
        public Slot(String label, Environment environment, Budget budget, Duration startTimeout) {
            this.label = label;
            this.environment = environment;
            this.budget = budget;
            this.startTimeout = startTimeout;
            this.status = "pending";
        }

        /**
         * An environment that cannot run here, recorded as skipped with the reason.
         *
         * @param requested whether the user named it (then its absence makes the exit status 1)
         */
        public static Slot skipped(String label, Budget budget, String reason, boolean requested) {
            Slot slot = new Slot(label, null, budget, Duration.ZERO);
            slot.status = "skipped";
            slot.reason = reason;
            slot.requested = requested;
            return slot;
        }

        boolean running() {
            return status.equals("running");
        }

        public String label() {
            return label;
        }

        public String status() {
            return status;
        }

        public String reason() {
            return reason;
        }
    }

    private final Settings settings;
    private final List<Slot> slots;
    private final LoadStep loadStep;
    private final PrintStream out;
    private final PrintStream err;
    private final Progress progress;
    private final Freezer freezer;
    private final Object lock = new Object();
    private final List<KernelSample> samples = new ArrayList<>();
    private final List<LatencyRow> latencies = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::onSignal, "envbench-compare-cleanup");
    private final Instant startTime = Instant.now();
    /** Kernel iterations per {@code /run}, by "kernel size"; the profile's unless stretched after warm-up. */
    private final Map<String, Integer> iterationsByPoint = new HashMap<>();
    /** Server-side seconds per iteration seen in warm-up, by "label kernel size". */
    private final Map<String, Double> secondsPerIteration = new HashMap<>();
    private String phase = "starting";
    private boolean interrupted;
    private boolean written;
    private Summary summary;

    public Comparison(Settings settings, List<Slot> slots, LoadStep loadStep, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.slots = slots;
        this.loadStep = loadStep;
        this.out = out;
        this.err = err;
        this.progress = new Progress(err, settings.terminal());
        this.freezer = new Freezer(settings.pause());
    }

    /** Runs the comparison; 0 when every environment asked for ran to the end, 1 when one failed or was skipped. */
    public int run() throws IOException {
        Files.createDirectories(settings.outDir());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        err.println("compare: run " + settings.runId() + ", profile " + settings.profile().name() + ", results in "
                + settings.outDir());
        try {
            for (Slot slot : slots) {
                if (slot.status.equals("skipped")) {
                    err.println("compare: skipping " + slot.label + ": " + slot.reason);
                }
            }
            Profile profile = settings.profile();
            long envs = slots.stream().filter(slot -> slot.status.equals("pending")).count();
            err.printf(Locale.ROOT, "compare: plan: %d environments x %d kernel sizes x (at least %d warm-up + %d rounds x %d "
                            + "runs) /run calls%s; the time estimate follows the warm-up, before any measurement%n",
                    envs, profile.points(), profile.warmupRuns(), profile.rounds(), profile.runsPerRound(),
                    settings.load() ? String.format(Locale.ROOT, ", then 2 load runs of %d s per environment",
                            profile.loadDuration().plus(profile.loadWarmup()).toSeconds()) : "");
            startAll();
            checkSameJvm();
            if (freezer.enabled()) {
                note("each environment is measured alone: the others are stopped (SIGSTOP) during its turn and "
                        + "continued after it, so that their background work (a TCG guest's JIT, GC) does not share "
                        + "its CPU (--no-pause turns this off)");
            }
            Map<String, Double> secondsPerRun = warmUp();
            planProgress(secondsPerRun);
            measureRounds(secondsPerRun);
            if (settings.load()) {
                runLoad();
            }
            if (settings.jmh()) {
                runJmh();
            }
        } finally {
            stopAll();
        }
        synchronized (lock) {
            if (interrupted) {
                return 130;
            }
            for (Slot slot : slots) {
                if (slot.running()) {
                    slot.status = "ok";
                }
            }
            phase = "done";
            writeResults("complete");
        }
        removeHook();
        printSummary();
        return exitCode();
    }

    private int exitCode() {
        boolean allOk = slots.stream().allMatch(s -> s.status.equals("ok") || s.status.equals("skipped") && !s.requested);
        return allOk && notes.stream().noneMatch(n -> n.startsWith("FAILED")) ? 0 : 1;
    }

    private void startAll() {
        phase = "starting environments";
        for (Slot slot : slots) {
            if (!slot.status.equals("pending") || stopping()) {
                continue;
            }
            err.println("compare: starting " + slot.label + " (timeout " + slot.startTimeout.toSeconds() + " s)");
            try {
                slot.status = "running";
                slot.started = slot.environment.start(slot.budget, slot.startTimeout);
                slot.client = new ServerClient(slot.started.baseUri(), Duration.ofMinutes(5));
                Thread.sleep(1000);
                slot.serverStatus = slot.client.status();
                OptionalLong rss = ServerClient.residentBytes(slot.serverStatus);
                slot.idleRssBytes = rss.isPresent() ? rss.getAsLong() : null;
                OptionalLong hostRss = slot.environment.hostResidentBytes();
                slot.hostRssBytes = hostRss.isPresent() ? hostRss.getAsLong() : null;
                err.printf(Locale.ROOT, "compare: %s healthy after %.2f s at %s (%s)%n", slot.label,
                        slot.started.launchToHealthySeconds(), slot.started.baseUri(), slot.started.detail());
            } catch (IOException | RuntimeException e) {
                fail(slot, "did not start: " + message(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(slot, "interrupted while starting");
                return;
            }
        }
    }

    /**
     * Untimed runs for the JIT, in two passes. The first repeats each kernel size in each environment, at the
     * profile's iterations, until the JIT is done with it: at least the profile's warm-up runs, then until a run is
     * no faster per iteration than the best before it (within {@value #WARM_TOLERANCE}), at most
     * {@value #MAX_WARMUP_RUNS} runs or {@value #MAX_WARMUP_SECONDS} s. From bare's best time per iteration,
     * {@link #stretchRuns} then sets the iterations per run; the second pass runs each once at that count, which
     * also gives the ETA.
     */
    private Map<String, Double> warmUp() {
        phase = "warm-up";
        Map<String, Double> secondsPerRun = new HashMap<>();
        Profile profile = settings.profile();
        err.println("compare: warm-up, at least " + profile.warmupRuns() + " untimed /run per environment, kernel and "
                + "size, until the runs stop getting faster");
        List<String> unsettled = new ArrayList<>();
        for (Slot slot : slots) {
            turn(slot);
            profile.sizes().forEach((kernel, sizes) -> {
                for (long size : sizes) {
                    if (!settle(slot, kernel, size)) {
                        unsettled.add(slot.label + " " + kernel + " " + size);
                    }
                }
            });
        }
        if (!unsettled.isEmpty()) {
            note("warm-up ended before the runs stopped getting faster (limit " + MAX_WARMUP_RUNS + " runs or "
                    + (int) MAX_WARMUP_SECONDS + " s) for: " + String.join(", ", unsettled)
                    + "; the first rounds of these may still include JIT compilation");
        }
        stretchRuns();
        for (Slot slot : slots) {
            turn(slot);
            profile.sizes().forEach((kernel, sizes) -> {
                for (long size : sizes) {
                    long begin = System.nanoTime();
                    if (slot.running() && !stopping() && call(slot, kernel, size, null, null)) {
                        secondsPerRun.put(slot.label + " " + kernel + " " + size, (System.nanoTime() - begin) / 1e9);
                    }
                }
            });
        }
        return secondsPerRun;
    }

    /**
     * Warm-up runs of one kernel size in one environment until they stop getting faster; keeps the best time per
     * iteration in {@link #secondsPerIteration}. False when a limit ended it first.
     */
    private boolean settle(Slot slot, String kernel, long size) {
        String key = slot.label + " " + kernel + " " + size;
        double best = Double.POSITIVE_INFINITY;
        long deadline = System.nanoTime() + (long) (MAX_WARMUP_SECONDS * 1e9);
        for (int i = 0; i < MAX_WARMUP_RUNS && slot.running() && !stopping(); i++) {
            if (!call(slot, kernel, size, null, null)) {
                return true;
            }
            double perIteration = secondsPerIteration.get(key);
            boolean noFaster = perIteration >= best * (1 - WARM_TOLERANCE);
            best = Math.min(best, perIteration);
            secondsPerIteration.put(key, best);
            if (i + 1 >= settings.profile().warmupRuns() && noFaster) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
        }
        return !slot.running() || stopping();
    }

    /**
     * Notes, loudly, when the environments run different JVM builds: a newer JIT or intrinsic then shows as the
     * environment's gain or loss. Seen here: the host's openjdk 17.0.15 against 17.0.21 in an image built the same
     * day, and the container came out up to 29% "faster" than bare.
     */
    private void checkSameJvm() {
        Map<String, String> versions = new LinkedHashMap<>();
        for (Slot slot : slots) {
            if (slot.running() && slot.serverStatus != null) {
                String version = ServerClient.fingerprint(slot.serverStatus).path("jvm").path("version").asText("");
                if (!version.isEmpty()) {
                    versions.put(slot.label, version);
                }
            }
        }
        if (new HashSet<>(versions.values()).size() > 1) {
            note("WARNING the environments run different JVM builds " + versions + ": part of each difference is "
                    + "the JVM's, not the environment's. Install the same build everywhere (Debian: apt-get install "
                    + "--only-upgrade openjdk-17-jre-headless on the host; container/base-image.sh --force, and removing "
                    + "vm/.cache, rebuild the images from the current packages)");
        }
    }

    /**
     * Marks the start of one environment's turn: with pausing on, it runs alone; the others are stopped. The turn
     * starts with a health check (which, like every ServerClient call, is tried again once if a keep-alive
     * connection the continued server has just closed fails it).
     */
    private void turn(Slot slot) {
        if (!slot.running() || !freezer.enabled()) {
            return;
        }
        freezer.only(slot, slots);
        if (!slot.client.healthy()) {
            fail(slot, "did not answer /health after being continued during " + phase);
        }
    }

    /**
     * With {@link Profile#minRunSeconds()}, raises each kernel's iterations until one {@code /run} lasts that
     * long on the reference (bare, else the first environment up), the same count everywhere.
     */
    private void stretchRuns() {
        Profile profile = settings.profile();
        if (profile.minRunSeconds() <= 0) {
            return;
        }
        Slot reference = slots.stream().filter(s -> s.running() && s.label.equals(REFERENCE)).findFirst()
                .orElse(slots.stream().filter(Slot::running).findFirst().orElse(null));
        if (reference == null) {
            return;
        }
        profile.sizes().forEach((kernel, sizes) -> {
            for (long size : sizes) {
                String point = kernel + " " + size;
                Double perIteration = secondsPerIteration.get(reference.label + " " + point);
                if (perIteration == null || perIteration <= 0) {
                    continue;
                }
                long wanted = (long) Math.max(profile.iterations(), Math.ceil(profile.minRunSeconds() / perIteration));
                int iterations = (int) Math.min(ServeConfig.MAX_RUN_ITERATIONS, wanted);
                if (iterations < wanted) {
                    note(String.format(Locale.ROOT, "%s at size %d: %d iterations per /run, serve's limit; a run "
                                    + "lasts about %.2f s on %s, not the %.2f s asked for", kernel, size, iterations,
                            iterations * perIteration, reference.label, profile.minRunSeconds()));
                }
                iterationsByPoint.put(point, iterations);
                err.printf(Locale.ROOT, "compare: %s at size %d: %d iterations per /run (about %.1f s on %s)%n",
                        kernel, size, iterations, iterations * perIteration, reference.label);
            }
        });
        synchronized (lock) {
            notes.add("runs stretched to at least " + profile.minRunSeconds() + " s on " + reference.label
                    + ": iterations per /run " + iterationsByPoint);
        }
    }

    private void planProgress(Map<String, Double> secondsPerRun) {
        Profile profile = settings.profile();
        double rounds = secondsPerRun.values().stream().mapToDouble(Double::doubleValue).sum()
                * profile.rounds() * profile.runsPerRound();
        long running = slots.stream().filter(Slot::running).count();
        double load = !settings.load() ? 0 : running * 2 * (profile.loadDuration().toSeconds() + profile.loadWarmup().toSeconds() + 2);
        progress.plan(rounds + load);
        err.printf(Locale.ROOT, "compare: profile %s, %d environments up, %d kernel sizes, %d rounds x %d runs; "
                        + "estimated time for the measurements (from the warm-up): %s%n", profile.name(), running,
                profile.points(), profile.rounds(), profile.runsPerRound(), Progress.clock(rounds + load));
    }

    private void measureRounds(Map<String, Double> secondsPerRun) {
        Profile profile = settings.profile();
        if (slots.stream().noneMatch(Slot::running)) {
            err.println("compare: no environment is up; nothing to measure");
            return;
        }
        for (int round = 1; round <= profile.rounds() && !stopping(); round++) {
            phase = "round " + round + " of " + profile.rounds();
            err.println("compare: measuring round " + round + " of " + profile.rounds());
            for (Map.Entry<String, List<Long>> entry : profile.sizes().entrySet()) {
                for (long size : entry.getValue()) {
                    for (Slot slot : slots) {
                        turn(slot);
                        for (int rep = 1; rep <= profile.runsPerRound() && slot.running() && !stopping(); rep++) {
                            call(slot, entry.getKey(), size, round, rep);
                            progress.advance(secondsPerRun.getOrDefault(slot.label + " " + entry.getKey() + " " + size,
                                    0.0), slot.label + " " + entry.getKey() + " " + size);
                        }
                    }
                }
            }
        }
    }

    /** One {@code /run}; records the sample when round is given. False when it did not give a sample. */
    private boolean call(Slot slot, String kernel, long size, Integer round, Integer repetition) {
        String point = kernel + " " + size;
        if (slot.refusedPoints.contains(point)) {
            return false;
        }
        try {
            int iterations = iterationsByPoint.getOrDefault(point, settings.profile().iterations());
            JsonNode result = slot.client.run(kernel, size, iterations);
            if (round == null) {
                secondsPerIteration.put(slot.label + " " + point, ServerClient.durationNanos(result) / 1e9
                        / result.path("iterations").asInt(iterations));
            } else {
                KernelSample sample = new KernelSample(slot.label, "http", kernel, size, 1,
                        result.path("iterations").asInt(iterations),
                        result.path("score").asDouble(), Double.NaN, result.path("unit").asText(), round, repetition,
                        ServerClient.durationNanos(result));
                synchronized (lock) {
                    if (!interrupted) {
                        samples.add(sample);
                    }
                }
            }
            return true;
        } catch (ServerClient.RunRefusedException e) {
            slot.refusedPoints.add(point);
            note(slot.label + ": " + kernel + " at size " + size + " refused, left out: " + e.getMessage());
            return false;
        } catch (IOException | RuntimeException e) {
            fail(slot, "failed during " + phase + " on " + kernel + " size " + size + ": " + message(e));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closed loop against every environment, then open loop at a share of the rate bare reached. */
    private void runLoad() {
        Profile profile = settings.profile();
        Map<String, Double> closedRates = new LinkedHashMap<>();
        for (String mode : List.of("closed", "open")) {
            for (Slot slot : slots) {
                if (!slot.running() || stopping()) {
                    continue;
                }
                phase = mode + "-loop load on " + slot.label;
                turn(slot);
                double rate = Double.NaN;
                if (mode.equals("open")) {
                    Double reference = closedRates.getOrDefault(REFERENCE, closedRates.values().stream()
                            .findFirst().orElse(null));
                    if (reference == null || !(reference > 0)) {
                        note("open-loop load on " + slot.label + " left out: no closed-loop rate to derive it from");
                        continue;
                    }
                    rate = reference * profile.openLoopShare();
                }
                try {
                    LatencyRow row = loadStep.run(new LoadStep.Request(slot.label, slot.started.baseUri(),
                            profile.loadKernel(), profile.loadSize(), mode, rate, loadConnections(slot),
                            profile.loadDuration(), profile.loadWarmup(), settings.loadCpuset()));
                    synchronized (lock) {
                        if (!interrupted) {
                            latencies.add(row);
                        }
                    }
                    if (mode.equals("closed") && row.durationSeconds() > 0) {
                        // Only answered requests count: a 503 is quick and would inflate the rate bare sustains.
                        closedRates.put(slot.label, (row.requests() - row.errors()) / row.durationSeconds());
                    }
                } catch (IOException | RuntimeException e) {
                    if (!stopping()) {
                        if (slot.client.healthy()) {
                            note("FAILED " + mode + "-loop load on " + slot.label + ": " + message(e));
                        } else {
                            fail(slot, "stopped answering during " + phase + ": " + message(e));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                progress.advance(profile.loadDuration().toSeconds() + profile.loadWarmup().toSeconds() + 2,
                        phase);
            }
        }
    }

    /**
     * Closed-loop connections: the profile's, but no more than the server's run slots (one per CPU of the budget),
     * since serve answers 503 at once instead of queueing and the run would measure rejections.
     */
    private int loadConnections(Slot slot) {
        int slots = (int) Math.max(1, Math.ceil(slot.budget.cpus() > 0 ? slot.budget.cpus()
                : Runtime.getRuntime().availableProcessors()));
        return Math.min(settings.profile().loadConnections(), slots);
    }

    private void runJmh() {
        for (Slot slot : slots) {
            if (!slot.running() || stopping()) {
                continue;
            }
            phase = "JMH in " + slot.label;
            turn(slot);
            err.println("compare: running the JMH suite in " + slot.label + " (" + String.join(" ",
                    settings.profile().jmhArgs()) + ")");
            Path target = settings.outDir().resolve("jmh-" + slot.label + ".json");
            Path temp = settings.outDir().resolve(".jmh-" + slot.label + ".json.tmp");
            try {
                Files.deleteIfExists(temp);
                slot.environment.runJmh(slot.budget, settings.profile().jmhArgs(), temp, Duration.ofHours(2));
                List<KernelSample> rows = JmhRows.read(slot.label, temp);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                synchronized (lock) {
                    if (!interrupted) {
                        samples.addAll(rows);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!stopping()) {
                    note("FAILED JMH in " + slot.label + ": " + message(e));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    note("could not remove " + temp + ": " + e.getMessage());
                }
            }
        }
    }

    private void fail(Slot slot, String reason) {
        synchronized (lock) {
            if (interrupted) {
                return;
            }
            slot.status = "failed";
            slot.reason = reason;
        }
        progress.breakLine();
        err.println("compare: " + slot.label + " FAILED, the others go on: " + reason);
        freezer.resume(slot);
        if (slot.environment != null) {
            slot.environment.close();
        }
    }

    private void note(String text) {
        synchronized (lock) {
            notes.add(text);
        }
        progress.breakLine();
        err.println("compare: " + text);
    }

    private boolean stopping() {
        synchronized (lock) {
            return interrupted;
        }
    }

    private void stopAll() {
        // First: a stopped process keeps a SIGTERM pending, and would only die at the end of its grace period.
        freezer.resumeAll();
        loadStep.close();
        for (Slot slot : slots) {
            if (slot.environment != null) {
                slot.environment.close();
            }
        }
    }

    /** The shutdown hook: SIGTERM or Ctrl-C before the end. Stops everything, then writes what is complete. */
    private void onSignal() {
        synchronized (lock) {
            if (written) {
                return;
            }
            interrupted = true;
        }
        err.println();
        err.println("compare: interrupted during " + phase + "; stopping every environment");
        stopAll();
        synchronized (lock) {
            for (Slot slot : slots) {
                if (slot.running() || slot.status.equals("pending")) {
                    slot.status = "interrupted";
                    slot.reason = "compare was interrupted (SIGTERM or Ctrl-C) during " + phase;
                }
            }
            try {
                writeResults("interrupted");
                err.println("compare: wrote the results so far, marked interrupted, to " + settings.outDir());
            } catch (IOException | RuntimeException e) {
                err.println("compare: could not write the results so far: " + e.getMessage());
            }
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook sees `written` and does nothing.
        }
    }

    /** Writes every file of the results folder; each whole or not at all. Caller holds the lock. */
    private void writeResults(String runStatus) throws IOException {
        Path dir = settings.outDir();
        List<String> labels = slots.stream().map(s -> s.label).toList();
        summary = Summary.of(samples, labels, REFERENCE);
        Csv.write(dir.resolve("kernels.csv"), KernelSample.COLUMNS, samples.stream().map(KernelSample::fields).toList());
        Csv.write(dir.resolve("latency.csv"), LatencyRow.COLUMNS, latencies.stream().map(LatencyRow::fields).toList());
        Csv.write(dir.resolve("environments.csv"), EnvironmentColumns.COLUMNS,
                slots.stream().map(EnvironmentColumns::fields).toList());
        Csv.write(dir.resolve("summary.csv"), Summary.COLUMNS, summary.csvRows());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("run_id", settings.runId());
        run.put("status", runStatus);
        run.put("tool_version", org.envbench.core.ToolVersion.get());
        run.putAll(settings.runInfo());
        run.put("start_time", startTime.toString());
        run.put("end_time", Instant.now().toString());
        run.put("reference_env", REFERENCE);
        run.put("reference_label", referenceLabel());
        run.put("profile", settings.profile().describe());
        run.put("kernels_csv_rows", "source=http: one row per /run repetition (samples = kernel iterations in it); "
                + "source=jmh: one row per JMH benchmark and parameters (JMH's aggregate)");
        run.put("ratio_interval", "95% percentile bootstrap, " + RatioInterval.RESAMPLES
                + " resamples of the /run repetitions");
        List<Map<String, Object>> envs = new ArrayList<>();
        for (Slot slot : slots) {
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("env", slot.label);
            env.put("status", slot.status);
            env.put("reason", slot.reason);
            env.put("budget", slot.budget);
            env.put("started", slot.started);
            env.put("server_status", slot.serverStatus);
            envs.add(env);
        }
        run.put("environments", envs);
        run.put("notes", List.copyOf(notes));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Csv.writeAtomically(dir.resolve("run.json"), json.writeValueAsString(run) + "\n");
        written = true;
    }

    /**
     * How the reference environment is named in reports: the host is only "bare metal" when its own fingerprint
     * finds no layer under it.
     */
    String referenceLabel() {
        Slot bare = slots.stream().filter(s -> s.label.equals(REFERENCE)).findFirst().orElse(null);
        if (bare == null || bare.serverStatus == null) {
            return REFERENCE;
        }
        String kind = ServerClient.fingerprint(bare.serverStatus).path("kind").asText("");
        if (kind.equals("vm")) {
            return "host (itself a VM) vs +1 layer";
        }
        if (kind.equals("container")) {
            return "host (itself a container) vs +1 layer";
        }
        return kind.equals("bare") ? "bare metal" : "host (kind unknown)";
    }

    private void printSummary() {
        out.println();
        out.println("envbench compare " + settings.runId() + ", profile " + settings.profile().name() + ": "
                + settings.outDir());
        out.println("reference: bare = " + referenceLabel());
        for (Slot slot : slots) {
            String line = String.format(Locale.ROOT, "  %-20s %-11s", slot.label, slot.status);
            if (slot.started != null) {
                line += String.format(Locale.ROOT, " startup %.2f s", slot.started.launchToHealthySeconds());
            }
            if (slot.idleRssBytes != null) {
                line += String.format(Locale.ROOT, ", idle RSS %.0f MiB", slot.idleRssBytes / 1048576.0);
            }
            if (slot.hostRssBytes != null) {
                line += String.format(Locale.ROOT, " (host sees %.0f MiB)", slot.hostRssBytes / 1048576.0);
            }
            if (slot.reason != null) {
                line += ": " + slot.reason;
            }
            out.println(line);
        }
        out.println();
        summary.print(out, slots.stream().map(s -> s.label).toList(), "bare (" + referenceLabel() + ")");
        if (!latencies.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-20s %-6s %10s %10s %8s %8s %8s %8s %7s%n", "load", "mode", "target/s",
                    "achieved/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
            for (LatencyRow row : latencies) {
                out.printf(Locale.ROOT, "%-20s %-6s %10s %10.1f %8.2f %8.2f %8.2f %8.2f %7d%n", row.env(),
                        row.mode(), Double.isNaN(row.targetRate()) ? "-"
                                : String.format(Locale.ROOT, "%.1f", row.targetRate()),
                        row.achievedRate(), row.p50Millis(), row.p99Millis(), row.p999Millis(), row.maxMillis(),
                        row.errors());
            }
        }
        for (String note : notes) {
            out.println("note: " + note);
        }
    }

    /** The samples measured, for calibration. */
    List<KernelSample> samples() {
        synchronized (lock) {
            return List.copyOf(samples);
        }
    }

    Summary summary() {
        return summary;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }

    /** The columns of environments.csv and how a slot fills them. */
    static final class EnvironmentColumns {
        static final List<String> COLUMNS = List.of("env", "kind", "detail", "os", "cpu_model", "logical_cpus",
                "effective_cpus", "memory_total_bytes", "memory_limit_bytes", "java_version", "jvm_flags",
                "startup_seconds", "idle_rss_bytes", "host_rss_bytes", "server_startup_seconds", "budget_cpus",
                "budget_memory_bytes", "cpuset", "status", "failure_reason");

        static List<Object> fields(Slot slot) {
            JsonNode fp = slot.serverStatus == null ? null : ServerClient.fingerprint(slot.serverStatus);
            OptionalDouble serverStartup = slot.serverStatus == null ? OptionalDouble.empty()
                    : ServerClient.startupSeconds(slot.serverStatus);
            return Arrays.asList(slot.label, text(fp, "kind"), slot.started == null ? null : slot.started.detail(),
                    fp == null ? null : join(text(fp, "os"), text(fp, "kernelVersion")), text(fp, "cpuModel"),
                    number(fp, "logicalCpus"), decimal(fp, "effectiveCpus"), number(fp, "memoryTotalBytes"),
                    number(fp, "memoryLimitBytes"), fp == null ? null : text(fp.path("jvm"), "version"),
                    String.join(" ", slot.budget.jvmFlags()),
                    slot.started == null ? null : slot.started.launchToHealthySeconds(),
                    slot.idleRssBytes, slot.hostRssBytes,
                    serverStartup.isPresent() ? serverStartup.getAsDouble() : null,
                    slot.budget.cpus() > 0 ? slot.budget.cpus() : null, slot.budget.memoryBytes(),
                    slot.budget.cpuset(), slot.status, slot.reason);
        }

        private static String text(JsonNode node, String field) {
            if (node == null || !node.hasNonNull(field)) {
                return null;
            }
            return node.get(field).asText();
        }

        private static Long number(JsonNode node, String field) {
            return node == null || !node.path(field).isNumber() ? null : node.get(field).asLong();
        }

        private static Double decimal(JsonNode node, String field) {
            return node == null || !node.path(field).isNumber() ? null : node.get(field).asDouble();
        }

        private static String join(String os, String kernel) {
            if (os == null) {
                return kernel;
            }
            return kernel == null || os.contains(kernel) ? os : os + " (kernel " + kernel + ")";
        }
    }
}
