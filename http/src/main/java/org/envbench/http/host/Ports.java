package org.envbench.http.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Host ports for servers that cannot bind port 0 themselves (a container's published port, a VM's forward). */
public final class Ports {

    private Ports() {
    }

    /** A loopback port that was free a moment ago; whoever binds it next may still lose a race for it. */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
