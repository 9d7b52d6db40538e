package org.envbench.http.compare;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where a comparison comes from, for run.json and for the environments: the JVM flags every environment gets (the
 * jar's copy of container/jvm.flags), the absolute class path a bare server runs, and the commit of the checkout.
 */
public final class RunOrigin {

    private RunOrigin() {
    }

    /** The flags every environment's JVM gets: the jar's copy of container/jvm.flags. */
    public static List<String> jvmFlags() throws IOException {
        try (InputStream in = RunOrigin.class.getResourceAsStream("/org/envbench/http/jvm.flags")) {
            if (in == null) {
                throw new IOException("the jar has no org/envbench/http/jvm.flags; rebuild it with ./mvnw package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
        }
    }

    public static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    public static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            // Read beside the wait: read first, a git that hangs (a stale lock on a network file system) would
            // hold compare before it starts, whatever the bound.
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = git.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    return "";
                }
            });
            if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0) {
                String commit = output.get(5, TimeUnit.SECONDS);
                return commit.matches("[0-9a-f]{40}") ? commit : null;
            }
            git.descendants().forEach(ProcessHandle::destroyForcibly);
            git.destroyForcibly();
        } catch (IOException | ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
