package org.envbench.http.env;

/**
 * How an environment was started, for environments.csv: what runs it, whether envbench manages it and how its
 * answers reach {@code compare}. Null where a field does not apply (no OCI runtime for bare, no command for a
 * container).
 *
 * @param engine            {@code podman} or {@code docker} for a container; null otherwise
 * @param ociRuntime        the OCI runtime that runs the container: {@code runc}, {@code crun}, {@code runsc}
 * @param ociRuntimeVersion what the OCI runtime says its version is, for example {@code 0.0~20221219.0}
 * @param gvisorPlatform    gVisor's platform (ptrace, systrap, kvm): the one given, else runsc's default
 * @param gvisorNetwork     gVisor's network mode: {@code sandbox} (its own netstack) or {@code host}
 * @param managed           whether envbench started it and stops it ({@code false} for a {@code --target})
 * @param networkPath       how requests reach the server, one of the {@code PATH_} constants
 * @param command           the exact command envbench ran to start it, where a user gave it
 */
public record Launch(String engine, String ociRuntime, String ociRuntimeVersion, String gvisorPlatform,
                     String gvisorNetwork, boolean managed, String networkPath, String command) {

    /** To a server on this host's loopback interface, no forwarding in between. */
    public static final String PATH_LOOPBACK = "loopback";
    /** To 127.0.0.1, forwarded by the container engine into the container's own network namespace. */
    public static final String PATH_PUBLISHED_PORT = "loopback, published port";
    /** To 127.0.0.1, forwarded by qemu's user network into the guest. */
    public static final String PATH_VM_FORWARD = "loopback, qemu port forward";
    /** Across a network interface to another host (or what stands for one): latency includes the network. */
    public static final String PATH_NETWORK = "network";

    /** A server on the host's loopback that envbench started itself. */
    public static Launch loopback() {
        return new Launch(null, null, null, null, null, true, PATH_LOOPBACK, null);
    }

    /** Whether requests to it cross a network, so that its latency is not comparable with a local server's. */
    public boolean crossesNetwork() {
        return PATH_NETWORK.equals(networkPath);
    }
}
