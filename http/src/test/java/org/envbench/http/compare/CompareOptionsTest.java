package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.envbench.http.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


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
        Cli cli = Cli.run(("compare " + options.strip() + " --out " + dir.resolve("out")).split("\\s+"));
        assertEquals(2, cli.status(), cli.err());
        assertTrue(cli.err().contains(expected), cli.err());
        assertFalse(cli.err().contains("\tat "), "no stack trace for a bad option: " + cli.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written for a bad option");
    }

    @org.junit.jupiter.api.Test
    void refusesToOverwriteEarlierResults() throws IOException {
        Files.createDirectories(dir.resolve("old"));
        Files.writeString(dir.resolve("old").resolve("run.json"), "{}");
        Cli cli = Cli.run("compare", "--envs", "bare", "--out", dir.resolve("old").toString());
        assertEquals(2, cli.status(), cli.err());
        assertTrue(cli.err().contains("is not empty"), cli.err());
        assertEquals("{}", Files.readString(dir.resolve("old").resolve("run.json")));
    }
}
