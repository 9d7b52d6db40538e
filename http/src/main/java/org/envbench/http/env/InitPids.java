package org.envbench.http.env;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The host PID of a running container's init, asked of the runtime once per container: compare asks at every turn,
 * and an inspect costs podman about a tenth of a second.
 */
final class InitPids {

    private static final Duration INSPECT_TIMEOUT = Duration.ofMinutes(2);

    private volatile Known known;

    OptionalLong of(ContainerRuntime runtime, String container) throws IOException, InterruptedException {
        Known last = known;
        if (last != null && last.container().equals(container)) {
            return OptionalLong.of(last.pid());
        }
        CommandResult pid = CommandResult.run(runtime.command("inspect", "--format", "{{.State.Pid}}", container),
                INSPECT_TIMEOUT);
        String text = pid.output().strip();
        if (!pid.succeeded() || !text.matches("[1-9][0-9]*")) {
            return OptionalLong.empty();
        }
        known = new Known(container, Long.parseLong(text));
        return OptionalLong.of(known.pid());
    }

    private record Known(String container, long pid) {
    }
}
