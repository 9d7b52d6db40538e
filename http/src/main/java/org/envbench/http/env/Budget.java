package org.envbench.http.env;

import java.util.List;

/**
 * The resources and JVM flags every environment of one comparison gets, the same for each.
 *
 * @param cpus        CPUs the server may use (docker/podman {@code --cpus}, qemu {@code -smp} rounded up)
 * @param memoryBytes memory the server may use (docker/podman {@code --memory}, qemu {@code -m})
 * @param jvmFlags    flags for the server's JVM, the content of container/jvm.flags plus the budget's own
 * @param cpuset      CPUs to pin the server to (for example {@code "1"}), or null to leave it free
 */
public record Budget(double cpus, long memoryBytes, List<String> jvmFlags, String cpuset) {
    public Budget {
        jvmFlags = List.copyOf(jvmFlags);
    }
}
