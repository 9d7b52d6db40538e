package org.envbench.http.env;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stand-in vm folder whose launcher starts a "qemu" (a copy of sleep, named like qemu) that never becomes
 * healthy, and whose own SIGTERM trap leaves that qemu behind: start must give up within its bound, name what
 * hung, and stop the launcher and the qemu it reported.
 */
class VmEnvironmentTest {

    private static final Pattern QEMU_PID = Pattern.compile("envbench-vm: qemu pid=(\\d+)");

    @Test
    void aVmThatNeverAnswersFailsWithinTheBoundAndLeavesNothing(@TempDir Path vmDir) throws Exception {
        Path qemu = vmDir.resolve("qemu-system-x86_64");
        Files.copy(Path.of("/bin/sleep"), qemu, StandardCopyOption.COPY_ATTRIBUTES);
        script(vmDir.resolve("build-image.sh"), "echo '" + vmDir.resolve("image") + "'");
        script(vmDir.resolve("run.sh"), "'" + qemu + "' 600 &\n"
                + "echo \"envbench-vm: qemu pid=$! accel=tcg\"\n"
                + "trap 'exit 0' TERM\n"
                + "wait\n");
        VmEnvironment vm = new VmEnvironment(vmDir, "tcg", null);

        long startNanos = System.nanoTime();
        IOException error = assertThrows(IOException.class,
                () -> vm.start(new Budget(1, 512L << 20, List.of(), null), Duration.ofSeconds(2)));
        double seconds = (System.nanoTime() - startNanos) / 1e9;

        assertTrue(error.getMessage().startsWith("vm: the VM did not start: not healthy within 2 s"),
                error.getMessage());
        Matcher reported = QEMU_PID.matcher(error.getMessage());
        assertTrue(reported.find(), "the launcher's lines are quoted: " + error.getMessage());
        // The bound plus the grace for the result to arrive, and the launcher's exit on SIGTERM.
        assertTrue(seconds < 15, "start gave up after " + seconds + " s");
        long qemuPid = Long.parseLong(reported.group(1));
        ProcessHandle.of(qemuPid).ifPresent(h -> h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> h).join());
        assertFalse(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false),
                "the qemu " + qemuPid + " that never answered is still running");
        assertTrue(vm.hostProcesses().isEmpty(), "the launcher is still running: " + vm.hostProcesses());
        assertTrue(vm.qemuPid().isEmpty());
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
