package org.envbench.http.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a comparison may have left behind: processes that name its run id, containers with envbench's label. */
final class Leftovers {

    static final String CONTAINER_LABEL = "org.envbench.managed=true";

    private Leftovers() {
    }

    /** Live processes, other than this JVM, whose command line contains {@code runId}. */
    static List<String> processes(String runId) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .filter(p -> p.info().commandLine().orElse("").contains(runId))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }

    /**
     * Live processes, other than this JVM, that carry {@code runId} in their command line or as the run marker in
     * their environment (launch-command trees: the tool's command line does not name the run).
     */
    static List<String> markedProcesses(String runId) {
        long self = ProcessHandle.current().pid();
        String mark = "ENVBENCH_RUN_ID=" + runId + "\u0000";
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .filter(p -> p.info().commandLine().orElse("").contains(runId) || environ(p.pid()).contains(mark))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }

    private static String environ(long pid) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "environ"),
                    StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** IDs of running or stopped containers with envbench's label, from podman. */
    static List<String> containers() throws IOException, InterruptedException {
        return podman("ps", "-a", "-q", "--filter", "label=" + CONTAINER_LABEL);
    }

    /**
     * IDs of running or stopped containers that carry run {@code runId}'s marker label: what that run left, whatever
     * other envbench runs on this machine have running meanwhile.
     */
    static List<String> containersOfRun(String runId) throws IOException, InterruptedException {
        return podman("ps", "-a", "-q", "--filter", "label=org.envbench.run=" + runId);
    }

    /** The running labelled container that publishes {@code hostPort} on 127.0.0.1, as its ID list (one, if any). */
    static List<String> containerPublishing(String hostPort) throws IOException, InterruptedException {
        return podman("ps", "--filter", "label=" + CONTAINER_LABEL, "--format", "{{.ID}} {{.Ports}}").stream()
                .filter(line -> line.contains("127.0.0.1:" + hostPort + "->"))
                .map(line -> line.split(" ")[0])
                .toList();
    }

    static List<String> podman(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("podman " + String.join(" ", args) + " did not answer within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("podman " + String.join(" ", args) + " failed (" + process.exitValue() + "): "
                    + output.strip());
        }
        return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
