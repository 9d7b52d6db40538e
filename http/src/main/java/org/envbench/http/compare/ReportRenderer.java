package org.envbench.http.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code compare --report}: the analysis notebook rendered headless on a results folder, as the user would. */
public final class ReportRenderer {

    private ReportRenderer() {
    }

    /** {@code --report}: analysis/render_report.py executes the notebook on this folder into {@code report/}. */
    public static void render(Path outDir, PrintStream stdout, PrintStream stderr) {
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
