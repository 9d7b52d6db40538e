package org.envbench.http.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.envbench.http.env.VmEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the VM adapter decides before it starts anything. */
class VmEnvironmentOptionsTest {

    @Test
    void findsTheCheckoutsVmFolder() {
        Path vmDir = VmEnvironment.locateVmDir();
        assertTrue(Files.isRegularFile(vmDir.resolve("run.sh")), vmDir.toString());
        assertTrue(Files.isRegularFile(vmDir.resolve("build-image.sh")), vmDir.toString());
    }

    @Test
    void aFolderWithoutTheScriptsIsUnavailableWithTheReason(@TempDir Path empty) {
        VmEnvironment vm = new VmEnvironment(empty, "auto");
        String reason = vm.unavailableReason().orElseThrow();
        assertTrue(reason.contains(empty.toString()) && reason.contains("run.sh"), reason);
        assertEquals("vm", vm.name());
        assertTrue(vm.hostResidentBytes().isEmpty());
        vm.close();
    }

    @Test
    void refusesAnUnknownAcceleration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VmEnvironment(Path.of("vm"), "hvf"));
        assertTrue(e.getMessage().contains("auto, kvm, tcg"), e.getMessage());
    }
}
