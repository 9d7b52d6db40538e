package org.envbench.http.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.envbench.http.env.VmEnvironment;
import org.junit.jupiter.api.Test;

/** The Vagrant and cloud-init set-ups must run the one systemd unit in vm/envbench.service. */
class VmFilesTest {

    private final Path vmDir = VmEnvironment.locateVmDir();

    @Test
    void cloudInitEmbedsTheUnitAndFlagsAsTheyAre() throws IOException, InterruptedException {
        Process check = new ProcessBuilder("bash", vmDir.resolve("make-cloud-init.sh").toString(), "--check")
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS), "make-cloud-init.sh --check did not finish");
        assertEquals(0, check.exitValue(), output);

        String cloudInit = Files.readString(vmDir.resolve("cloud-init.yaml"));
        String unit = Files.readString(vmDir.resolve("envbench.service"));
        String embedded = unit.lines().map(line -> line.isEmpty() ? "      " : "      " + line)
                .reduce("", (a, b) -> a + b + "\n");
        assertTrue(cloudInit.replace("      \n", "\n").contains(embedded.replace("      \n", "\n")),
                "cloud-init.yaml does not embed vm/envbench.service verbatim");
    }

    @Test
    void vagrantfileProvisionsTheSharedUnit() throws IOException {
        String vagrantfile = Files.readString(vmDir.resolve("Vagrantfile"));
        assertTrue(vagrantfile.contains("File.join(__dir__, \"envbench.service\")"), vagrantfile);
        assertTrue(vagrantfile.contains("/etc/systemd/system/envbench.service"), vagrantfile);
    }
}
