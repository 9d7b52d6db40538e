package org.envbench.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.envbench.core.Resource;
import org.envbench.http.compare.Comparison;
import org.envbench.http.compare.EnvironmentUnderTest;
import org.envbench.http.compare.CompareRun;
import org.envbench.http.compare.CpuPlan;
import org.envbench.http.compare.EnvironmentRegistry;
import org.envbench.http.compare.Profile;
import org.envbench.http.env.Budget;
import org.envbench.http.env.LaunchCommandEnvironment;
import org.envbench.http.env.TargetEnvironment;
import org.envbench.http.watch.Leftover;
import org.envbench.http.watch.Preflight;
import org.envbench.http.watch.Reaper;
import org.envbench.http.watch.RunMarker;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compare}: starts the server in each environment, measures each the same way in interleaved rounds, and
 * writes one results folder. Exit status 0 when every environment ran, 1 when one failed (or one that was named
 * could not run), 2 for a bad option.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts the server bare, in a container and in a VM, measures each the same way in "
                + "interleaved rounds and writes one results folder (run.json, environments.csv, kernels.csv, "
                + "latency.csv, summary.csv).",
                "Exit status: 0 every environment ran, 1 one failed or a named one could not run, 2 bad option."})
public final class CompareCommand implements Callable<Integer> {

    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?",
            Pattern.CASE_INSENSITIVE);

    @Spec
    CommandSpec spec;

    @Option(names = "--envs", split = ",", paramLabel = "ENV",
            description = "Environments to compare, comma-separated, from: bare, container, gvisor, vm and the "
                    + "names of --env-command and --target (default: every one this machine can run; the others are "
                    + "skipped with the reason). Those of --env-command and --target always run.")
    List<String> envs;

    @Option(names = "--env-command", paramLabel = "NAME=COMMAND",
            description = {"An environment started by COMMAND (repeatable), run as /bin/sh -c 'exec COMMAND'; it "
                    + "must start envbench serve on 127.0.0.1 port {port}. Placeholders: {port}, {jar} (the absolute "
                    + "envbench.jar), {java} (the build's runtime, http/runtime/bin/java), {flags} (the budget's JVM "
                    + "flags). Its whole process tree is paused, measured and stopped. Example:",
                    "  --env-command bwrap='bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --unshare-pid "
                            + "--die-with-parent {java} {flags} -jar {jar} serve --port {port}'"})
    List<String> envCommands;

    @Option(names = "--target", paramLabel = "NAME=URL",
            description = "A serve that already runs elsewhere (repeatable), e.g. cloud=http://203.0.113.7:8080/: "
                    + "measured, never started, paused or stopped; skipped when its /health does not answer. "
                    + "environments.csv says managed=no and network_path=network.")
    List<String> targets;

    @Option(names = "--profile", defaultValue = "quick", paramLabel = "NAME",
            description = "smoke (< 2 min bare+container, 1 fork), quick (< 20 min with a TCG VM, 2 forks) or full (3 forks; prints its "
                    + "estimate first). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--cpus", defaultValue = "1", paramLabel = "N",
            description = "CPUs every environment gets (container --cpus, VM -smp rounded up, the bare JVM's "
                    + "-XX:ActiveProcessorCount). Default: ${DEFAULT-VALUE}.")
    double cpus;

    @Option(names = "--memory", defaultValue = "1g", paramLabel = "SIZE",
            description = "Memory every environment gets, e.g. 512m, 1g (container --memory, VM -m, the bare "
                    + "JVM's -XX:MaxRAM). Default: ${DEFAULT-VALUE}.")
    String memory;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Results folder (default: results/<UTC timestamp>/); must not exist or be empty.")
    Path out;

    @Option(names = "--container-runtime", paramLabel = "NAME",
            description = "podman or docker, for container and gvisor (default: podman where it answers, else "
                    + "docker). With docker, a dockerd is started where none answers (container/docker-engine.sh) "
                    + "and stopped at the end; the image goes from podman to docker with podman save | docker load.")
    String containerRuntime;

    @Option(names = "--vm-accel", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (KVM when a guest proves it works, else TCG emulation), kvm or tcg. "
                    + "Default: ${DEFAULT-VALUE}.")
    String vmAccel;

    @Option(names = "--jmh", description = "Also run the JMH suite inside each environment (jmh-<env>.json, "
            + "kernels.csv rows with source=jmh).")
    boolean jmh;

    @Option(names = "--report", description = "Render analysis/compare.ipynb on this run to report/compare.html "
            + "in the results folder (needs python3 with nbconvert; says so when it is missing).")
    boolean report;

    @Option(names = "--calibrate", description = "Check the instrument: container without CPU limit and with "
            + "--cpus 0.5 against bare on single-thread CPU kernels; expected ratios 1.0 and 0.5, PASS within "
            + "5 points.")
    boolean calibrate;

    @Option(names = "--forks", paramLabel = "N",
            description = "Launches of every environment's server, one after the other (default: the profile's; "
                    + "smoke 1, quick 2, full 3). Forks are the independent units of every interval: one fork's "
                    + "interval does not cover the spread from one JVM launch to the next.")
    Integer forks;

    @Option(names = "--precision", paramLabel = "PERCENT",
            description = "Add forks after the planned ones until every ratio's 95%% interval is within +-PERCENT "
                    + "of it (for example 2%%), or --max-time would be exceeded; the notes name the kernels that "
                    + "missed it.")
    String precision;

    @Option(names = "--max-time", paramLabel = "DURATION", defaultValue = "60m",
            converter = org.envbench.http.load.DurationConverter.class,
            description = "Time budget of a run with --precision (for example 30m, 2h). Default: ${DEFAULT-VALUE}.")
    Duration maxTime;

    @Option(names = "--keep-leftovers", description = "Do not remove what killed earlier runs of compare left "
            + "running (containers, VMs, server JVMs whose owner is dead); only list it.")
    boolean keepLeftovers;

    @Option(names = "--beside-other-runs", description = "Measure even while another compare has environments "
            + "running on this machine (both runs' figures will be disturbed; the notes say so).")
    boolean besideOtherRuns;

    @Option(names = "--no-pin", description = "Do not pin the server and the load generator to separate CPUs.")
    boolean noPin;

    @Option(names = "--no-pause", description = "Keep every environment running while another is measured (by "
            + "default the others are stopped with SIGSTOP during its turn, so that their background work does not "
            + "share its CPU).")
    boolean noPause;

    private final EnvironmentRegistry registry;
    private double precisionShare;
    private List<String> userNames = List.of();

    public CompareCommand() {
        this(EnvironmentRegistry.standard());
    }

    /** A compare command over the given environments; tests plug their own in. */
    public CompareCommand(EnvironmentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        Profile chosen;
        long memoryBytes;
        try {
            chosen = Profile.named(profile);
            if (forks != null) {
                if (forks < 1 || forks > 100) {
                    throw new IllegalArgumentException("--forks must be from 1 to 100, got " + forks);
                }
                chosen = chosen.withForks(forks);
            }
            precisionShare = precision == null ? 0 : parsePercent(precision);
            memoryBytes = parseMemory(memory);
            userNames = registerUserEnvironments();
            validate();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Path outDir = (out != null ? out : Path.of("results", now.format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss", Locale.ROOT)))).toAbsolutePath().normalize();
        if (Files.isDirectory(outDir)) {
            try (var entries = Files.list(outDir)) {
                if (entries.findAny().isPresent()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--out " + outDir
                            + " is not empty; choose a new folder so that no earlier result is overwritten");
                }
            }
        } else if (Files.exists(outDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + outDir + " is not a folder");
        }
        String runId = outDir.getFileName().toString();
        Optional<String> outProblem = Preflight.outFolder(outDir, Preflight.RUN_BYTES);
        if (outProblem.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), outProblem.get());
        }

        List<String> notes = new ArrayList<>();
        RunMarker marker = RunMarker.forThisProcess(runId);
        if (!handleLeftovers(marker, stderr, notes)) {
            return 1;
        }
        CpuPlan plan = noPin ? CpuPlan.unpinned("--no-pin given") : CpuPlan.of(cpus, CpuPlan.allowedCpus());
        notes.add(plan.note());
        stderr.println("compare: " + plan.note());

        List<String> flags = new ArrayList<>(jvmFlags());
        flags.add("-XX:ActiveProcessorCount=" + (int) Math.max(1, Math.ceil(cpus)));
        flags.add("-XX:MaxRAM=" + memoryBytes);
        // A fixed heap, the quarter of the budget that MaxRAM would give as its maximum: a heap left to grow and
        // shrink settles differently in different environments, and the allocation-heavy kernels follow the number
        // of collections (DESIGN.md gives the measurements).
        long heapBytes = memoryBytes / 4;
        flags.add("-Xms" + heapBytes);
        flags.add("-Xmx" + heapBytes);
        Budget budget = new Budget(cpus, memoryBytes, flags, plan.serverCpuset());

        String classPath = absoluteClassPath();
        EnvironmentRegistry.Options options = new EnvironmentRegistry.Options(classPath, runId, containerRuntime,
                vmAccel, outDir.resolve("logs"), marker);
        List<EnvironmentUnderTest> slots = new ArrayList<>();
        Profile measured = chosen;
        if (calibrate) {
            List<String> cpuKernels = Kernels.all().stream().filter(k -> k.resource() == Resource.CPU)
                    .map(Kernel::name).toList();
            // A CPU quota is enforced per 100 ms period: runs of a few ms would slip through unthrottled.
            measured = chosen.onlyKernels(cpuKernels).withMinRunSeconds(1.0);
            slots.add(slot("bare", "bare", options, budget, true));
            // The A/A check: a second bare launch, with logs of its own, against which nothing but chance differs.
            slots.add(slot(CompareRun.SECOND_BARE, "bare", new EnvironmentRegistry.Options(classPath,
                    runId + "-aa", containerRuntime, vmAccel, outDir.resolve("logs").resolve(CompareRun.SECOND_BARE),
                    marker), budget, true));
            slots.add(slot(CompareRun.UNLIMITED, "container", options,
                    new Budget(0, memoryBytes, flags, plan.serverCpuset()), true));
            slots.add(slot(CompareRun.HALF, "container", options,
                    new Budget(0.5, memoryBytes, flags, plan.serverCpuset()), true));
        } else {
            boolean explicit = envs != null;
            List<String> names = new ArrayList<>(explicit ? envs : registry.names());
            userNames.stream().filter(name -> !names.contains(name)).forEach(names::add);
            for (String name : names) {
                slots.add(slot(name, name, options, budget, explicit || userNames.contains(name)));
            }
        }

        Map<String, Object> runInfo = new LinkedHashMap<>();
        runInfo.put("git_commit", gitCommit());
        runInfo.put("command_line", ProcessHandle.current().info().commandLine().orElse(null));
        runInfo.put("compare_args", spec.commandLine().getParseResult().originalArgs());
        Map<String, Object> optionValues = new LinkedHashMap<>();
        optionValues.put("envs", envs);
        optionValues.put("env_commands", envCommands);
        optionValues.put("targets", targets);
        optionValues.put("profile", chosen.name());
        optionValues.put("cpus", cpus);
        optionValues.put("memory_bytes", memoryBytes);
        optionValues.put("out", outDir.toString());
        optionValues.put("container_runtime", containerRuntime);
        optionValues.put("vm_accel", vmAccel);
        optionValues.put("jmh", jmh);
        optionValues.put("report", report);
        optionValues.put("calibrate", calibrate);
        optionValues.put("no_pin", noPin);
        optionValues.put("no_pause", noPause);
        optionValues.put("forks", chosen.forks());
        optionValues.put("precision", precision);
        optionValues.put("max_time_seconds", maxTime.toSeconds());
        optionValues.put("keep_leftovers", keepLeftovers);
        runInfo.put("options", optionValues);
        runInfo.put("server_cpuset", plan.serverCpuset());
        runInfo.put("load_cpuset", plan.loadCpuset());
        runInfo.put("cpu_plan", notes);

        Comparison.Settings settings = new Comparison.Settings(runId, outDir, measured, !calibrate, jmh,
                plan.loadCpuset(), runInfo, System.console() != null, !noPause, precisionShare, maxTime);
        int status = CompareRun.run(settings, slots, classPath, marker, calibrate, stdout, stderr);
        if (report) {
            render(outDir, stdout, stderr);
        }
        return status;
    }

    private EnvironmentUnderTest slot(String label, String name, EnvironmentRegistry.Options options, Budget budget,
                                 boolean requested) {
        EnvironmentRegistry.Lookup lookup = registry.lookup(name, options);
        if (!lookup.available()) {
            return EnvironmentUnderTest.skipped(label, budget, lookup.skipReason(), requested);
        }
        return new EnvironmentUnderTest(label, lookup.environment(), budget, startTimeout(name));
    }

    private Duration startTimeout(String name) {
        if (name.equals("bare") || userNames.contains(name)) {
            // A launch command is one process tree like bare; a target is only asked whether it is healthy.
            return Duration.ofMinutes(2);
        }
        // A container may build its image first (gVisor's ptrace platform starts its sandbox in about 13 s, runc in
        // 1) and a VM boots under emulation: they get far longer than bare.
        return name.equals("gvisor") ? Duration.ofMinutes(20) : Duration.ofMinutes(15);
    }

    /**
     * Registers each {@code --env-command} and {@code --target}; their names, in the order given.
     *
     * @throws IllegalArgumentException for a bad or taken name, a command without {port}, a URL that is not http
     */
    private List<String> registerUserEnvironments() {
        List<String> names = new ArrayList<>();
        for (String option : envCommands == null ? List.<String>of() : envCommands) {
            LaunchCommandEnvironment.Definition definition = LaunchCommandEnvironment.Definition.parse(option);
            registry.registerLaunchCommand(definition);
            names.add(definition.name());
        }
        for (String option : targets == null ? List.<String>of() : targets) {
            TargetEnvironment.Definition definition = TargetEnvironment.Definition.parse(option);
            registry.registerTarget(definition);
            names.add(definition.name());
        }
        return names;
    }

    /**
     * Removes what killed runs of compare left running (their owner is dead), unless {@code --keep-leftovers}, and
     * says so; refuses to measure beside the environments of another compare that is still running, which would
     * disturb both. False when this run must not go on.
     */
    private boolean handleLeftovers(RunMarker marker, PrintStream stderr, List<String> notes) {
        try {
            Reaper reaper = Reaper.onThisMachine(marker);
            Reaper.Scan scan = reaper.scan();
            scan.problems().forEach(problem -> stderr.println("compare: " + problem));
            List<Leftover> dead = scan.ofDeadOwners();
            if (!dead.isEmpty() && keepLeftovers) {
                dead.forEach(l -> {
                    String line = "left running (--keep-leftovers): " + l.what() + " of a killed run";
                    stderr.println("compare: " + line);
                    notes.add(line);
                });
            } else if (!dead.isEmpty()) {
                for (Reaper.Removal removal : reaper.reap(dead)) {
                    stderr.println("compare: " + removal.describe());
                    notes.add(removal.describe());
                }
            }
            boolean otherRunLive = scan.leftovers().stream()
                    .anyMatch(l -> l.owner() == RunMarker.Owner.ALIVE && l.marker() != null);
            for (String warning : scan.warnings()) {
                stderr.println("compare: " + warning);
                notes.add(warning);
            }
            if (otherRunLive && !besideOtherRuns) {
                stderr.println("compare: another compare is measuring on this machine (see above); wait for it to "
                        + "end, or stop it, and run again (or pass --beside-other-runs)");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            stderr.println("compare: could not look for leftovers of earlier runs: " + e.getMessage());
        }
        return true;
    }

    /** A share from "2%", "2" (percent); IllegalArgumentException otherwise. */
    static double parsePercent(String text) {
        String number = text.strip().endsWith("%") ? text.strip().substring(0, text.strip().length() - 1)
                : text.strip();
        try {
            double value = Double.parseDouble(number);
            if (value > 0 && value < 100) {
                return value / 100;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("--precision takes a percentage above 0 and below 100 such as 2%, got '"
                + text + "'");
    }

    private void validate() {
        if (!(cpus > 0) || cpus > 1024) {
            throw new IllegalArgumentException("--cpus must be a positive number of CPUs such as 1 or 0.5, got "
                    + cpus);
        }
        if (!List.of("auto", "kvm", "tcg").contains(vmAccel)) {
            throw new IllegalArgumentException("--vm-accel must be auto, kvm or tcg, got '" + vmAccel + "'");
        }
        if (containerRuntime != null && !List.of("docker", "podman").contains(containerRuntime)) {
            throw new IllegalArgumentException("--container-runtime must be docker or podman, got '"
                    + containerRuntime + "'");
        }
        if (calibrate && (envs != null || !userNames.isEmpty())) {
            throw new IllegalArgumentException("--calibrate chooses its own environments (bare and two containers);"
                    + " leave out --envs");
        }
        if (envs != null) {
            if (envs.isEmpty()) {
                throw new IllegalArgumentException("--envs needs at least one of " + registry.names());
            }
            for (String name : envs) {
                if (!registry.knows(name)) {
                    throw new IllegalArgumentException("unknown environment '" + name + "' in --envs; expected "
                            + "a comma-separated list of " + registry.names());
                }
            }
            if (envs.stream().distinct().count() != envs.size()) {
                throw new IllegalArgumentException("--envs names an environment twice: " + envs);
            }
        }
    }

    /** Bytes from 512m, 1g, 1.5GiB or a plain number of bytes. */
    static long parseMemory(String text) {
        Matcher matcher = MEMORY.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--memory must be a size such as 512m or 1g, got '" + text + "'");
        }
        double value = Double.parseDouble(matcher.group(1));
        int shift = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long bytes = (long) (value * (1L << shift));
        if (bytes < 64L << 20) {
            throw new IllegalArgumentException("--memory must be at least 64m for a JVM, got '" + text + "'");
        }
        return bytes;
    }

    /** The flags every environment's JVM gets: the jar's copy of container/jvm.flags. */
    static List<String> jvmFlags() throws IOException {
        try (InputStream in = CompareCommand.class.getResourceAsStream("jvm.flags")) {
            if (in == null) {
                throw new IOException("the jar has no org/envbench/http/jvm.flags; rebuild it with ./mvnw package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
        }
    }

    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 && output.matches("[0-9a-f]{40}")) {
                return output;
            }
            git.destroyForcibly();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** {@code --report}: analysis/render_report.py executes the notebook on this folder into {@code report/}. */
    private static void render(Path outDir, PrintStream stdout, PrintStream stderr) {
        Path script = Path.of("analysis", "render_report.py");
        if (!Files.isRegularFile(script)) {
            stderr.println("compare: --report: " + script.toAbsolutePath() + " not found; run compare from the "
                    + "envbench checkout to render the report");
            return;
        }
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        List<String> command = List.of(python, script.toString(), "--results", outDir.toString(),
                "--out", outDir.resolve("report").toString());
        Path log = outDir.resolve("logs").resolve("report.log");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                stderr.println("compare: --report: the notebook did not finish within 15 minutes; see " + log);
            } else if (process.exitValue() != 0) {
                String output = Files.readString(log, StandardCharsets.UTF_8);
                boolean noJupyter = output.contains("No module named nbconvert")
                        || output.contains("No module named 'nbconvert'");
                stderr.println(noJupyter
                        ? "compare: --report: jupyter nbconvert is not installed; install it (Debian: apt-get "
                        + "install python3-nbconvert python3-ipykernel python3-pandas python3-matplotlib) and run: "
                        + String.join(" ", command)
                        : "compare: --report: rendering failed (status " + process.exitValue() + "); see " + log);
            } else {
                stdout.println("report: " + outDir.resolve("report").resolve("compare.html"));
            }
        } catch (IOException e) {
            stderr.println("compare: --report: could not run " + python + " (" + e.getMessage() + "); install "
                    + "python3 with nbconvert and run: " + String.join(" ", command));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
