package org.envbench.http.watch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finds what earlier {@code compare} runs left behind and removes what belongs to runs whose owner is dead: host
 * process trees that carry {@link RunMarker}'s environment variables, and containers with
 * {@value RunMarker#MANAGED_LABEL}, from every docker and podman that answers. What belongs to a live other run is
 * reported, never touched; so is what is envbench's but names no owner (started before this marker, or by a test
 * that is running now). Every external command is bounded: a runtime that hangs is a problem in the scan, not a
 * hung reaper.
 *
 * <pre>{@code
 * Reaper reaper = Reaper.onThisMachine(RunMarker.forThisProcess(runId));
 * Reaper.Scan scan = reaper.scan();
 * reaper.reap(scan.ofDeadOwners()).forEach(removal -> System.err.println(removal.describe()));
 * scan.warnings().forEach(System.err::println);
 * scan.problems().forEach(System.err::println);
 * }</pre>
 */
public final class Reaper {

    /** The command-line mark {@code BareEnvironment} has given its JVMs ({@code -Denvbench.managed=OWNER}). */
    static final String OLD_COMMAND_LINE_MARK = "-Denvbench.managed=";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunMarker self;
    private final List<Path> runtimes;
    private final Duration commandTimeout;
    private final Duration grace;

    /**
     * @param self           this run's marker: what it owns is never a leftover
     * @param runtimes       docker and podman executables to ask for containers (missing ones are skipped)
     * @param commandTimeout the bound of one runtime command ({@code ps}, {@code inspect}; {@code rm} gets twice it)
     * @param grace          how long a process has after SIGTERM before SIGKILL
     */
    public Reaper(RunMarker self, List<Path> runtimes, Duration commandTimeout, Duration grace) {
        this.self = self;
        this.runtimes = List.copyOf(runtimes);
        this.commandTimeout = commandTimeout;
        this.grace = grace;
    }

    /** A reaper that asks the docker and podman on {@code PATH}, 20 s per command, 10 s of grace. */
    public static Reaper onThisMachine(RunMarker self) {
        return new Reaper(self, runtimesOnPath(), Duration.ofSeconds(20), Duration.ofSeconds(10));
    }

    /** The podman and docker executables on {@code PATH}, in that order, where they exist. */
    static List<Path> runtimesOnPath() {
        List<Path> found = new ArrayList<>();
        String path = System.getenv().getOrDefault("PATH", "");
        for (String runtime : List.of("podman", "docker")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = dir.isEmpty() ? null : Path.of(dir, runtime);
                if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    found.add(candidate);
                    break;
                }
            }
        }
        return found;
    }

    /**
     * What was found.
     *
     * @param leftovers everything marked as envbench's that is not this run's
     * @param problems  runtimes that could not be asked, one line each, for the console
     */
    public record Scan(List<Leftover> leftovers, List<String> problems) {
        public Scan {
            leftovers = List.copyOf(leftovers);
            problems = List.copyOf(problems);
        }

        /** What {@link #reap} may remove: the leftovers whose owner is dead. */
        public List<Leftover> ofDeadOwners() {
            return leftovers.stream().filter(l -> l.owner() == RunMarker.Owner.DEAD).toList();
        }

        /**
         * One line per live other run, and one for envbench's things without an owner, for example
         * {@code WARNING run Y (pid 456, alive) has environments running: container envbench-1a2b3c4d (podman,
         * running); measuring beside them would disturb the figures}.
         */
        public List<String> warnings() {
            Map<String, List<Leftover>> byRun = new LinkedHashMap<>();
            for (Leftover leftover : leftovers) {
                if (leftover.owner() != RunMarker.Owner.DEAD) {
                    String key = leftover.marker() == null ? ""
                            : leftover.marker().runId() + "\u0000" + leftover.marker().ownerPid();
                    byRun.computeIfAbsent(key, k -> new ArrayList<>()).add(leftover);
                }
            }
            List<String> warnings = new ArrayList<>();
            byRun.forEach((key, things) -> {
                String list = things.stream().map(Leftover::what).collect(Collectors.joining(", "));
                RunMarker marker = things.get(0).marker();
                warnings.add(marker == null
                        ? "WARNING envbench environments with no recorded owner are there: " + list + "; if no other "
                        + "envbench runs, remove them (podman rm -f ID, kill PID); measuring beside them would "
                        + "disturb the figures"
                        : "WARNING run " + marker.runId() + " (pid " + marker.ownerPid() + ", alive) has environments "
                        + "running: " + list + "; measuring beside them would disturb the figures");
            });
            return warnings;
        }
    }

    /**
     * What {@link #reap} did with one leftover.
     *
     * @param removed whether it is gone
     * @param detail  why not, when it is not
     */
    public record Removal(Leftover leftover, boolean removed, String detail) {
        /**
         * For example {@code removed container envbench-1a2b3c4d (podman, running) of run X (owner pid 123 is dead)}.
         */
        public String describe() {
            return (removed ? "removed " : "could not remove ") + leftover.what() + " of " + leftover.whose()
                    + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /** Everything on this machine marked as envbench's, except this run's own. */
    public Scan scan() throws InterruptedException {
        List<Leftover> leftovers = new ArrayList<>(processes());
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Path runtime : runtimes) {
            for (Leftover container : containers(runtime, problems)) {
                // podman-docker answers as docker for the same containers.
                if (seen.add(container.id())) {
                    leftovers.add(container);
                }
            }
        }
        return new Scan(leftovers, problems);
    }

    /**
     * Removes the given leftovers: containers with {@code rm -f} (after a SIGCONT, since a killed run may have left
     * them stopped), process trees with SIGTERM, SIGCONT and after the grace SIGKILL. Leftovers whose owner is alive
     * again, or was never known, are kept and say so. Containers go first: should a runtime's own processes carry
     * the marker, the runtime still runs to remove its containers.
     */
    public List<Removal> reap(List<Leftover> leftovers) throws InterruptedException {
        List<Removal> removals = new ArrayList<>();
        List<Leftover> containersFirst = leftovers.stream()
                .sorted(Comparator.comparing(l -> l.kind() != Leftover.Kind.CONTAINER)).toList();
        for (Leftover leftover : containersFirst) {
            RunMarker.Owner owner = leftover.marker() == null ? RunMarker.Owner.UNKNOWN : leftover.marker().owner();
            if (owner != RunMarker.Owner.DEAD) {
                removals.add(new Removal(leftover, false, owner == RunMarker.Owner.ALIVE
                        ? "its owner is alive" : "it names no owner, so it may belong to a run that is alive"));
            } else if (leftover.kind() == Leftover.Kind.CONTAINER) {
                removals.add(removeContainer(leftover));
            } else {
                removals.add(killTree(leftover));
            }
        }
        return removals;
    }

    private List<Leftover> processes() {
        Map<Long, ProcStat> all = ProcStat.all();
        long me = ProcessHandle.current().pid();
        Map<Long, RunMarker> marked = new HashMap<>();
        Set<Long> unowned = new LinkedHashSet<>();
        for (ProcStat stat : all.values()) {
            if (stat.pid() == me || stat.state() == 'Z') {
                continue;
            }
            Optional<RunMarker> marker = RunMarker.fromEnvironment(environment(stat.pid()));
            if (marker.isPresent()) {
                if (!marker.get().sameOwner(self)) {
                    marked.put(stat.pid(), marker.get());
                }
            } else if (commandLine(stat.pid()).contains(OLD_COMMAND_LINE_MARK)) {
                unowned.add(stat.pid());
            }
        }
        List<Leftover> leftovers = new ArrayList<>();
        for (Map.Entry<Long, RunMarker> entry : marked.entrySet()) {
            ProcStat stat = all.get(entry.getKey());
            // The top of each marked tree stands for it; what is below goes with it.
            if (!entry.getValue().equals(marked.get(stat.ppid()))) {
                leftovers.add(processLeftover(stat, entry.getValue(), entry.getValue().owner(), all));
            }
        }
        for (long pid : unowned) {
            ProcStat stat = all.get(pid);
            if (!unowned.contains(stat.ppid()) && !marked.containsKey(stat.ppid())) {
                leftovers.add(processLeftover(stat, null, RunMarker.Owner.UNKNOWN, all));
            }
        }
        return leftovers;
    }

    private static Leftover processLeftover(ProcStat root, RunMarker marker, RunMarker.Owner owner,
                                            Map<Long, ProcStat> all) {
        List<Leftover.ProcessId> tree = ProcStat.trees(all, List.of(root.pid())).stream()
                .map(pid -> new Leftover.ProcessId(pid, all.get(pid).startTicks())).toList();
        String command = commandLine(root.pid());
        String name = command.length() > 80 ? command.substring(0, 77) + "..." : command;
        return new Leftover(Leftover.Kind.PROCESS, Long.toString(root.pid()), name, "",
                Character.toString(root.state()), marker, owner, tree);
    }

    private List<Leftover> containers(Path runtime, List<String> problems) throws InterruptedException {
        String name = runtime.getFileName().toString();
        BoundedCommand listed = BoundedCommand.run(List.of(runtime.toString(), "ps", "-a", "-q", "--no-trunc",
                "--filter", "label=" + RunMarker.MANAGED_LABEL), commandTimeout);
        if (!listed.succeeded()) {
            if (!listed.timedOut() && listed.output().contains("Cannot connect to the Docker daemon")) {
                return List.of(); // No daemon, no containers.
            }
            problems.add(describeFailure(name + " ps", listed, commandTimeout));
            return List.of();
        }
        List<String> ids = listed.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> inspect = new ArrayList<>(List.of(runtime.toString(), "inspect", "--format",
                "{{.Id}}\t{{.Name}}\t{{.State.Status}}\t{{json .Config.Labels}}"));
        inspect.addAll(ids);
        BoundedCommand inspected = BoundedCommand.run(inspect, commandTimeout);
        if (!inspected.succeeded() && inspected.timedOut()) {
            problems.add(describeFailure(name + " inspect", inspected, commandTimeout));
            return List.of();
        }
        List<Leftover> containers = new ArrayList<>();
        // A container removed between ps and inspect makes inspect fail for it alone; the others' lines still come.
        for (String line : inspected.output().lines().toList()) {
            parseInspectLine(line, name).ifPresent(container -> {
                if (container.marker() == null || !container.marker().sameOwner(self)) {
                    containers.add(container);
                }
            });
        }
        return containers;
    }

    /** One line of {@code inspect --format '{{.Id}}\t{{.Name}}\t{{.State.Status}}\t{{json .Config.Labels}}'}. */
    static Optional<Leftover> parseInspectLine(String line, String runtime) {
        String[] parts = line.split("\t", 4);
        if (parts.length < 4 || !parts[0].matches("[0-9a-f]{12,64}")) {
            return Optional.empty();
        }
        Map<String, String> labels;
        try {
            labels = JSON.readValue(parts[3], new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            return Optional.empty();
        }
        if (labels == null) {
            labels = Map.of();
        }
        Optional<RunMarker> marker = RunMarker.fromLabels(labels);
        String name = parts[1].startsWith("/") ? parts[1].substring(1) : parts[1];
        return Optional.of(new Leftover(Leftover.Kind.CONTAINER, parts[0], name, runtime, parts[2],
                marker.orElse(null), marker.map(RunMarker::owner).orElse(RunMarker.Owner.UNKNOWN), List.of()));
    }

    private Removal removeContainer(Leftover leftover) throws InterruptedException {
        Path runtime = runtimes.stream().filter(r -> r.getFileName().toString().equals(leftover.runtime()))
                .findFirst().orElse(Path.of(leftover.runtime()));
        if (leftover.state().equals("running") || leftover.state().equals("paused")) {
            BoundedCommand.run(List.of(runtime.toString(), "kill", "--signal", "CONT", leftover.id()), commandTimeout);
        }
        List<String> remove = new ArrayList<>(List.of(runtime.toString(), "rm", "-f"));
        if (leftover.runtime().equals("podman")) {
            remove.addAll(List.of("--time", Long.toString(Math.max(1, grace.toSeconds()))));
        }
        remove.add(leftover.id());
        Duration bound = commandTimeout.multipliedBy(2);
        BoundedCommand removed = BoundedCommand.run(remove, bound);
        return removed.succeeded() ? new Removal(leftover, true, "")
                : new Removal(leftover, false, describeFailure(leftover.runtime() + " rm -f", removed, bound));
    }

    private Removal killTree(Leftover leftover) throws InterruptedException {
        long me = ProcessHandle.current().pid();
        List<Leftover.ProcessId> pids = leftover.pids().stream().filter(id -> id.pid() != me).toList();
        for (Leftover.ProcessId id : pids) {
            if (running(id)) {
                ProcessHandle.of(id.pid()).ifPresent(ProcessHandle::destroy);
            }
        }
        // A run killed while it had an environment paused leaves it stopped, and a stopped process takes SIGTERM
        // only once continued.
        List<String> cont = new ArrayList<>(List.of("kill", "-CONT"));
        pids.stream().filter(Reaper::running).forEach(id -> cont.add(Long.toString(id.pid())));
        if (cont.size() > 2) {
            BoundedCommand.run(cont, commandTimeout);
        }
        if (!awaitGone(pids, grace)) {
            for (Leftover.ProcessId id : pids) {
                if (running(id)) {
                    ProcessHandle.of(id.pid()).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            if (!awaitGone(pids, Duration.ofSeconds(5))) {
                String left = pids.stream().filter(Reaper::running).map(id -> Long.toString(id.pid()))
                        .collect(Collectors.joining(" "));
                return new Removal(leftover, false, "still running after SIGKILL: " + left);
            }
            return new Removal(leftover, true, "needed SIGKILL");
        }
        return new Removal(leftover, true, "");
    }

    private static boolean awaitGone(List<Leftover.ProcessId> pids, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (pids.stream().anyMatch(Reaper::running)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** The same process still there and not a zombie (which is dead, waiting for its parent to read its status). */
    static boolean running(Leftover.ProcessId id) {
        return ProcStat.of(id.pid())
                .filter(stat -> stat.startTicks() == id.startTicks() && stat.state() != 'Z' && stat.state() != 'X')
                .isPresent();
    }

    private static String describeFailure(String what, BoundedCommand command, Duration bound) {
        return command.timedOut()
                ? "'" + what + "' did not answer within " + bound.toSeconds() + " s and was killed; is "
                + "the runtime hung? Containers it may hold were not looked at"
                : "'" + what + "' failed (exit " + command.exitCode() + "): " + command.lastLine();
    }

    private static Map<String, String> environment(long pid) {
        Map<String, String> variables = new HashMap<>();
        try {
            byte[] raw = Files.readAllBytes(ProcStat.PROC.resolve(Long.toString(pid)).resolve("environ"));
            for (String entry : new String(raw, StandardCharsets.UTF_8).split("\u0000")) {
                int equals = entry.indexOf('=');
                if (equals > 0 && entry.startsWith("ENVBENCH_")) {
                    variables.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            // Gone, or not ours to read: not a leftover we could remove anyway.
        }
        return variables;
    }

    private static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(ProcStat.PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\u0000', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }
}
