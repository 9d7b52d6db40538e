package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.envbench.http.env.Budget;
import org.envbench.http.env.Environment;
import org.envbench.http.env.Started;
import org.envbench.http.env.VmEnvironment;
import org.envbench.http.host.ProjectDir;
import org.junit.jupiter.api.Test;

/** Environments plug in by name; one that is missing or cannot run here is skipped with its reason. */
class EnvironmentRegistryTest {

    private static final EnvironmentRegistry.Options OPTIONS = new EnvironmentRegistry.Options(
            System.getProperty("java.class.path"), "registry-test", null, "auto", Path.of("target"));

    @Test
    void standardRegistryKnowsTheFourEnvironmentsInOrder() {
        assertEquals(List.of("bare", "container", "gvisor", "vm"), EnvironmentRegistry.standard().names());
        assertTrue(EnvironmentRegistry.standard().lookup("bare", OPTIONS).available());
    }

    @Test
    void adapterThatCannotBeMadeIsSkippedWithTheReason() {
        EnvironmentRegistry registry = new EnvironmentRegistry();
        registry.register("hyperv", options -> {
            throw new EnvironmentRegistry.UnavailableException("no Hyper-V on Linux");
        });
        EnvironmentRegistry.Lookup lookup = registry.lookup("hyperv", OPTIONS);
        assertFalse(lookup.available());
        assertEquals("no Hyper-V on Linux", lookup.skipReason());
    }

    @Test
    void theAdaptersFindThisCheckout() {
        Path checkout = ProjectDir.find(OPTIONS.classPath());
        assertTrue(Files.isDirectory(checkout.resolve("container")) && Files.isDirectory(checkout.resolve("vm")),
                checkout.toString());
        assertEquals(checkout.resolve("vm"), VmEnvironment.locateVmDir());
    }

    @Test
    void environmentThatSaysItCannotRunIsSkippedAndClosed() {
        Unavailable unavailable = new Unavailable();
        EnvironmentRegistry registry = new EnvironmentRegistry();
        registry.register("vm", options -> unavailable);
        EnvironmentRegistry.Lookup lookup = registry.lookup("vm", OPTIONS);
        assertFalse(lookup.available());
        assertEquals("no qemu-system-x86_64 on PATH", lookup.skipReason());
        assertTrue(unavailable.closed);
    }

    @Test
    void unknownNameIsABadOption() {
        assertThrows(IllegalArgumentException.class, () -> EnvironmentRegistry.standard().lookup("lxc", OPTIONS));
    }

    private static final class Unavailable implements Environment {
        boolean closed;

        @Override
        public String name() {
            return "vm";
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.of("no qemu-system-x86_64 on PATH");
        }

        @Override
        public Started start(Budget budget, Duration timeout) {
            throw new AssertionError("a skipped environment is never started");
        }

        @Override
        public OptionalLong hostResidentBytes() {
            return OptionalLong.empty();
        }

        @Override
        public void runJmh(Budget budget, List<String> jmhArgs, Path jsonOut, Duration timeout) {
            throw new AssertionError("a skipped environment runs no JMH");
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
