package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.envbench.http.Main;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import picocli.CommandLine;

/** Bad options exit 2 with a message that says what was wrong, before anything is started. */
class CompareOptionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--envs bare,nope                 | unknown environment 'nope'",
            "--envs bare,bare                 | names an environment twice",
            "--memory lots                    | --memory must be a size",
            "--memory 1m                      | at least 64m",
            "--cpus 0                         | --cpus must be a positive number",
            "--cpus -1                        | --cpus must be a positive number",
            "--profile huge                   | unknown profile 'huge'",
            "--vm-accel hvf                   | --vm-accel must be auto, kvm or tcg",
            "--container-runtime lxc          | --container-runtime must be docker or podman",
            "--calibrate --envs bare          | --calibrate chooses its own environments",
            "--frobnicate                     | Unknown option",
            "--env-command bw=bwrap           | has no {port}",
            "--env-command Bw=x{port}         | NAME 'Bw' must be a lower-case letter",
            "--env-command bare=x{port}       | --env-command bare: the name is taken",
            "--env-command a=x{port} --target a=http://127.0.0.1:1/ | --target a: the name is taken",
            "--env-command a=x{port} --env-command a=y{port} | --env-command a: the name is taken",
            "--target ns=ftp://10.0.0.1/      | is not an http:// or https:// URL",
            "--target ns                      | is not NAME=URL",
            "--calibrate --target t=http://127.0.0.1:1/ | --calibrate chooses its own environments",
    })
    void badOptionExitsTwoWithAMessage(String options, String expected) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err));
        String[] args = ("compare " + options.strip() + " --out " + dir.resolve("out")).split("\\s+");
        assertEquals(2, commandLine.execute(args), err.toString());
        assertTrue(err.toString().contains(expected), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace for a bad option: " + err);
        assertFalse(Files.exists(dir.resolve("out")), "nothing written for a bad option");
    }

    @org.junit.jupiter.api.Test
    void refusesToOverwriteEarlierResults() throws IOException {
        Files.createDirectories(dir.resolve("old"));
        Files.writeString(dir.resolve("old").resolve("run.json"), "{}");
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err));
        assertEquals(2, commandLine.execute("compare", "--envs", "bare", "--out", dir.resolve("old").toString()));
        assertTrue(err.toString().contains("is not empty"), err.toString());
        assertEquals("{}", Files.readString(dir.resolve("old").resolve("run.json")));
    }
}
