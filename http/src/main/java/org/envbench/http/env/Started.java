package org.envbench.http.env;

import java.net.URI;

/**
 * A server that answered its first {@code /health}.
 *
 * @param baseUri                 where it listens, on 127.0.0.1, for example {@code http://127.0.0.1:40123/}
 * @param launchToHealthySeconds  from the launch command to the first 200 from {@code /health}
 * @param detail                  runtime or hypervisor and acceleration, for example {@code podman/runc} or
 *                                {@code qemu tcg (KVM unusable: guest silent for 20 s)}
 */
public record Started(URI baseUri, double launchToHealthySeconds, String detail) {
}
