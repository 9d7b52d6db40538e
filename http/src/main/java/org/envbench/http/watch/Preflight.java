package org.envbench.http.watch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks {@code compare} can make before it measures anything, so that a full disk, an unwritable folder, a taken
 * port or a hung container runtime is one clear line at the start instead of a failure, or a hang, minutes in.
 * Each check returns empty when all is well, else what is wrong, what was expected and what to do.
 *
 * <pre>{@code
 * List<String> problems = Stream.of(
 *         Preflight.outFolder(out, Preflight.RUN_BYTES),
 *         Preflight.portFree("127.0.0.1", port),                         // only for a fixed --port
 *         Preflight.runtimeAnswers(runtime.executable(), Duration.ofSeconds(10)))
 *     .flatMap(Optional::stream).toList();
 * if (!problems.isEmpty()) { problems.forEach(System.err::println); return 2; }
 * }</pre>
 */
public final class Preflight {

    /**
     * What one run writes, with room to spare: a quick run's folder is under 2 MB of CSV and JSON, its logs and
     * the report's figures a few MB more; a full run with JMH some 10 MB.
     */
    public static final long RUN_BYTES = 50L * 1024 * 1024;

    private Preflight() {
    }

    /**
     * Whether {@code out} is, or can be created as, a folder this process can write, on a file system with at
     * least {@code neededBytes} free. Writing is tried for real (a file created and deleted in the folder or, where
     * it does not exist yet, in its nearest existing parent): permission bits say nothing to root, a read-only mount
     * or an immutable folder still stop it.
     */
    public static Optional<String> outFolder(Path out, long neededBytes) {
        Path absolute = out.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.of("--out " + out + ": no part of the path exists; expected a folder that can be "
                    + "created; name another --out");
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of("--out " + out + ": " + (existing.equals(absolute) ? "it" : existing)
                    + " is a file, not a folder; expected a folder (created where missing); name another --out or "
                    + "move the file away");
        }
        try {
            Path probe = Files.createTempFile(existing, ".envbench-preflight-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            return Optional.of("--out " + out + ": cannot write in " + existing + " (" + reason(e) + "); expected "
                    + "a folder compare can create files in; fix its permissions or mount, or name another --out");
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            if (free < neededBytes) {
                return Optional.of(String.format(Locale.ROOT, "--out %s: its file system (%s) has %s free, a run "
                        + "needs about %s; free some space there or name an --out on another file system", out,
                        store.name(), megabytes(free), megabytes(neededBytes)));
            }
        } catch (IOException e) {
            return Optional.of("--out " + out + ": cannot tell how much space its file system has (" + reason(e)
                    + "); name an --out on a local file system");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code port} can be listened on at {@code host}: bound and released at once. Only meaningful for a
     * fixed port; port 0 (any free one) is always fine.
     */
    public static Optional<String> portFree(String host, int port) {
        if (port == 0) {
            return Optional.empty();
        }
        if (port < 0 || port > 65535) {
            return Optional.of("port " + port + " is not a TCP port; expected 1-65535, or 0 for any free one");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("port " + host + ":" + port + " is taken (" + reason(e) + "); expected a free port; "
                    + "stop what listens there (ss -ltnp 'sport = :" + port + "' names it) or choose another port, "
                    + "or 0 for any free one");
        }
    }

    /**
     * Whether the container runtime answers {@code version} within {@code bound}. A runtime that hangs (a stale
     * lock, a stuck daemon) is killed and reported instead of waited on.
     */
    public static Optional<String> runtimeAnswers(Path runtime, Duration bound) throws InterruptedException {
        String name = runtime.getFileName().toString();
        BoundedCommand version = BoundedCommand.run(List.of(runtime.toString(), "version"), bound);
        if (version.timedOut()) {
            return Optional.of("'" + name + " version' did not answer within " + bound.toSeconds() + " s and was "
                    + "killed: " + name + " hangs; expected an answer in well under a second; see what '" + name
                    + " info' says by hand, or leave the container environment out of --envs");
        }
        if (!version.succeeded()) {
            return Optional.of("'" + name + " version' failed (exit " + version.exitCode() + "): "
                    + version.lastLine() + "; expected it to answer; fix " + name
                    + " (is its daemon running?) or leave the container environment out of --envs");
        }
        return Optional.empty();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }
}
