package org.envbench.http.env;

import java.net.URI;

/**
 * A server that answered its first {@code /health}.
 *
 * @param baseUri                 where it listens, for example {@code http://127.0.0.1:40123/}
 * @param launchToHealthySeconds  from the launch command to the first 200 from {@code /health}; NaN where envbench
 *                                did not launch it ({@code --target})
 * @param detail                  runtime or hypervisor and acceleration, for example {@code podman/runc} or
 *                                {@code qemu tcg (KVM unusable: guest silent for 20 s)}
 * @param launch                  how it was started, for environments.csv
 */
public record Started(URI baseUri, double launchToHealthySeconds, String detail, Launch launch) {

    /** A server on the loopback that envbench started. */
    public Started(URI baseUri, double launchToHealthySeconds, String detail) {
        this(baseUri, launchToHealthySeconds, detail, Launch.loopback());
    }

    public Started {
        launch = launch == null ? Launch.loopback() : launch;
    }
}
