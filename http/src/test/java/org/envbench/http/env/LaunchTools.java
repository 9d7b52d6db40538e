package org.envbench.http.env;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The two isolation tools the environments suite proves {@code --env-command} with, as the exact command lines of
 * container/RUNTIMES.md: bubblewrap over the host's root, and systemd-nspawn over the Debian base root file system
 * (container/rootfs.sh) with the build's runtime and the jar bound in read-only.
 */
public final class LaunchTools {

    private LaunchTools() {
    }

    /** {@code bwrap=...}: the host's root read-only, a PID namespace, the build's runtime. */
    public static String bubblewrap() {
        return "bwrap=bwrap --ro-bind / / --dev /dev --proc /proc --bind /tmp /tmp --unshare-pid --die-with-parent "
                + "{java} {flags} -jar {jar} serve --port {port}";
    }

    /** {@code nspawn=...} over {@code rootfs}; the runtime is {@code projectDir}'s http/runtime. */
    public static String nspawn(Path projectDir, Path rootfs) {
        return "nspawn=systemd-nspawn --quiet --register=no --keep-unit --kill-signal=SIGTERM -D " + rootfs
                + " --bind-ro=" + projectDir.resolve("http/runtime") + ":/opt/envbench/runtime --bind-ro={jar}"
                + ":/opt/envbench/envbench.jar /opt/envbench/runtime/bin/java {flags} -jar /opt/envbench/envbench.jar"
                + " serve --port {port} --env-label nspawn";
    }

    /** Runs container/rootfs.sh and returns the folder it unpacked. */
    public static Path rootfs(Path projectDir) throws IOException, InterruptedException {
        CommandResult made = CommandResult.run(List.of("bash", projectDir.resolve("container/rootfs.sh").toString()),
                Duration.ofMinutes(15));
        if (!made.succeeded()) {
            throw new IOException("container/rootfs.sh failed: " + made.tail(5));
        }
        return Path.of(made.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    }
}
