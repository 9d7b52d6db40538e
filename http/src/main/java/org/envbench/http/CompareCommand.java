package org.envbench.http;

import java.io.IOException;
import java.io.PrintStream;
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

import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.envbench.core.Resource;
import org.envbench.http.compare.Calibration;
import org.envbench.http.compare.Comparison;
import org.envbench.http.compare.EnvironmentUnderTest;
import org.envbench.http.compare.CompareRun;
import org.envbench.http.compare.CpuPlan;
import org.envbench.http.compare.EnvironmentRegistry;
import org.envbench.http.compare.Profile;
import org.envbench.http.compare.ReportRenderer;
import org.envbench.http.compare.RunOrigin;
import org.envbench.http.env.Budget;
import org.envbench.http.host.Quantities;
import org.envbench.http.env.LaunchCommandEnvironment;
import org.envbench.http.env.TargetEnvironment;
import org.envbench.http.watch.Preflight;
import org.envbench.http.watch.RunGuard;
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
                    "  --env-command bwrap='bwrap --ro-bind / / --dev /dev --proc /proc --bind /tmp /tmp --unshare-pid "
                            + "--die-with-parent {java} {flags} -jar {jar} serve --port {port}'"})
    List<String> envCommands;

    @Option(names = "--target", paramLabel = "NAME=URL",
            description = "A serve that already runs elsewhere (repeatable), e.g. cloud=http://203.0.113.7:8080/: "
                    + "measured, never started, paused or stopped; skipped when its /health does not answer. "
                    + "environments.csv says managed=no and network_path=network.")
    List<String> targets;

    @Option(names = "--profile", defaultValue = "quick", paramLabel = "NAME",
            description = "smoke (< 2 min bare+container, 1 fork), quick (2 forks; about 21 min on 2 CPUs for "
                    + "bare, container, gVisor and a TCG VM) or full (3 forks). Each prints its estimate after the "
                    + "warm-up. Default: ${DEFAULT-VALUE}.")
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
            + "--cpus 0.5, and a second bare launch (A/A), against bare on single-thread CPU kernels; expected "
            + "ratios 1.0, 0.5 and 1.0, PASS within 5, 5 and 3 points; at least 6 forks unless --forks says "
            + "otherwise (about 35 min with the quick profile).")
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
            + "running on this machine (both runs' figures will be disturbed; run.json's leftovers say so).")
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
            } else if (calibrate) {
                chosen = chosen.withForks(Calibration.forks(chosen));
            }
            precisionShare = precision == null ? 0 : Quantities.parsePercent(precision, "--precision");
            memoryBytes = Quantities.parseMemory(memory);
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

        // Apart from the CPU plan: what the leftover check removed or found beside this run is run.json's own field,
        // so that a reader of a folder sees that a killed run's environments were there when it started.
        List<String> leftovers = new ArrayList<>();
        RunMarker marker = RunMarker.forThisProcess(runId);
        if (!RunGuard.clear(marker, keepLeftovers, besideOtherRuns, stderr, leftovers)) {
            return 1;
        }
        CpuPlan plan = noPin ? CpuPlan.unpinned("--no-pin given") : CpuPlan.of(cpus, CpuPlan.allowedCpus());
        List<String> notes = new ArrayList<>();
        notes.add(plan.note());
        stderr.println("compare: " + plan.note());

        List<String> flags = new ArrayList<>(RunOrigin.jvmFlags());
        flags.add("-XX:ActiveProcessorCount=" + (int) Math.max(1, Math.ceil(cpus)));
        flags.add("-XX:MaxRAM=" + memoryBytes);
        // A fixed heap, the quarter of the budget that MaxRAM would give as its maximum: a heap left to grow and
        // shrink settles differently in different environments, and the allocation-heavy kernels follow the number
        // of collections (DESIGN.md gives the measurements).
        long heapBytes = memoryBytes / 4;
        flags.add("-Xms" + heapBytes);
        flags.add("-Xmx" + heapBytes);
        Budget budget = new Budget(cpus, memoryBytes, flags, plan.serverCpuset());

        String classPath = RunOrigin.absoluteClassPath();
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
        runInfo.put("git_commit", RunOrigin.gitCommit());
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
        runInfo.put("leftovers", leftovers);

        Comparison.Settings settings = new Comparison.Settings(runId, outDir, measured, !calibrate, jmh,
                plan.loadCpuset(), runInfo, System.console() != null, !noPause, precisionShare, maxTime);
        int status = CompareRun.run(settings, slots, classPath, marker, calibrate, stdout, stderr);
        if (report) {
            ReportRenderer.render(outDir, stdout, stderr);
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




}
