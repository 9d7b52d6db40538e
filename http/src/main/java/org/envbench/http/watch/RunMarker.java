package org.envbench.http.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mark that everything a {@code compare} run starts carries, so that a later run can tell whose it is and
 * whether its owner still lives: the run's id, the owner's pid, the owner's start time (field 22 of
 * {@code /proc/PID/stat}: a pid alone may have been reused by an unrelated process) and the boot it ran in
 * (containers outlive a reboot; pids and start times do not mean anything across one).
 *
 * <p>Host processes (the bare server JVM, the load JVM, the VM launcher and so qemu, which inherits it) carry it
 * as environment variables, from {@link #environment()}; containers as labels, from {@link #labelArguments()}, next
 * to {@value #MANAGED_LABEL}.
 *
 * <pre>{@code
 * RunMarker marker = RunMarker.forThisProcess(runId);
 * processBuilder.environment().putAll(marker.environment());   // bare JVM, load JVM, vm/run.sh
 * runCommand.addAll(marker.labelArguments());                   // docker/podman run
 * }</pre>
 *
 * @param runId           the run's id, for example its results folder's name
 * @param ownerPid        the pid of the {@code compare} that started it
 * @param ownerStartTicks the owner's start time, clock ticks after boot
 * @param bootId          {@code /proc/sys/kernel/random/boot_id} when the owner started, or empty where unknown
 */
public record RunMarker(String runId, long ownerPid, long ownerStartTicks, String bootId) {

    public static final String RUN_ID_VARIABLE = "ENVBENCH_RUN_ID";
    public static final String OWNER_PID_VARIABLE = "ENVBENCH_OWNER_PID";
    public static final String OWNER_START_VARIABLE = "ENVBENCH_OWNER_START";
    public static final String BOOT_ID_VARIABLE = "ENVBENCH_BOOT_ID";

    /** The label every container envbench starts has carried; {@code ContainerEnvironment.LABEL} is the same. */
    public static final String MANAGED_LABEL = "org.envbench.managed=true";
    public static final String RUN_LABEL = "org.envbench.run";
    public static final String OWNER_PID_LABEL = "org.envbench.owner.pid";
    public static final String OWNER_START_LABEL = "org.envbench.owner.start";
    public static final String BOOT_LABEL = "org.envbench.owner.boot";

    static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /** Whether the owner of a marked thing is still running. */
    public enum Owner {
        ALIVE,
        DEAD,
        /** The thing is envbench's but carries no owner (started by an envbench from before this marker). */
        UNKNOWN
    }

    public RunMarker {
        if (runId == null || runId.isBlank() || !runId.matches("[A-Za-z0-9._:-]+")) {
            throw new IllegalArgumentException("run id '" + runId + "' must be letters, digits and . _ : - only, "
                    + "so that it fits a label and an environment variable unquoted");
        }
        bootId = bootId == null ? "" : bootId;
    }

    /**
     * The marker of a run owned by this JVM. {@code runId} is typically the results folder's name, which the user
     * chooses: characters a label or an unquoted variable would not take become {@code _}.
     */
    public static RunMarker forThisProcess(String runId) {
        String safe = runId == null ? "" : runId.replaceAll("[^A-Za-z0-9._:-]", "_");
        long pid = ProcessHandle.current().pid();
        ProcStat self = ProcStat.of(pid).orElseThrow(() -> new IllegalStateException(
                "cannot read /proc/" + pid + "/stat; marking a run needs Linux with /proc mounted"));
        return new RunMarker(safe.isEmpty() ? "run" : safe, pid, self.startTicks(), currentBootId());
    }

    /** The variables for the environment of every host process the run starts. */
    public Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(RUN_ID_VARIABLE, runId);
        variables.put(OWNER_PID_VARIABLE, Long.toString(ownerPid));
        variables.put(OWNER_START_VARIABLE, Long.toString(ownerStartTicks));
        variables.put(BOOT_ID_VARIABLE, bootId);
        return variables;
    }

    /** The labels of every container the run starts, {@value #MANAGED_LABEL} first. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_LABEL.substring(0, MANAGED_LABEL.indexOf('=')), "true");
        labels.put(RUN_LABEL, runId);
        labels.put(OWNER_PID_LABEL, Long.toString(ownerPid));
        labels.put(OWNER_START_LABEL, Long.toString(ownerStartTicks));
        labels.put(BOOT_LABEL, bootId);
        return labels;
    }

    /** {@link #labels()} as {@code --label key=value} arguments for {@code docker run} or {@code podman run}. */
    public List<String> labelArguments() {
        List<String> arguments = new ArrayList<>();
        labels().forEach((key, value) -> {
            arguments.add("--label");
            arguments.add(key + "=" + value);
        });
        return arguments;
    }

    /** The marker in a process's environment, where it has all of it. */
    static Optional<RunMarker> fromEnvironment(Map<String, String> environment) {
        return parse(environment.get(RUN_ID_VARIABLE), environment.get(OWNER_PID_VARIABLE),
                environment.get(OWNER_START_VARIABLE), environment.get(BOOT_ID_VARIABLE));
    }

    /** The marker in a container's labels, where it has all of it. */
    static Optional<RunMarker> fromLabels(Map<String, String> labels) {
        return parse(labels.get(RUN_LABEL), labels.get(OWNER_PID_LABEL), labels.get(OWNER_START_LABEL),
                labels.get(BOOT_LABEL));
    }

    private static Optional<RunMarker> parse(String runId, String pid, String start, String boot) {
        try {
            return Optional.of(new RunMarker(runId, Long.parseLong(pid), Long.parseLong(start), boot));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the owner runs: this boot (where both boot ids are known), its pid exists, is not a zombie, and started
     * when the marker says; a pid that another process took over is a dead owner.
     */
    public Owner owner() {
        String now = currentBootId();
        if (!bootId.isEmpty() && !now.isEmpty() && !bootId.equals(now)) {
            return Owner.DEAD;
        }
        return ProcStat.of(ownerPid)
                .filter(stat -> stat.startTicks() == ownerStartTicks && stat.state() != 'Z' && stat.state() != 'X')
                .map(stat -> Owner.ALIVE).orElse(Owner.DEAD);
    }

    /** Whether {@code other} marks the same owner (the run id aside). */
    boolean sameOwner(RunMarker other) {
        return other != null && other.ownerPid == ownerPid && other.ownerStartTicks == ownerStartTicks;
    }

    static String currentBootId() {
        try {
            return Files.readString(BOOT_ID).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
