package org.envbench.http.serve;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** Finds a program the test needs on PATH; skips the test when it is missing, except under CI=true, where it fails. */
final class ExternalTools {

    private ExternalTools() {
    }

    static Path require(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = program + " is not on PATH; install it (Debian: apt-get install prometheus) to run this test";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(message);
        return null;
    }
}
