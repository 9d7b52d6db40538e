package org.envbench.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.envbench.core.env.Fingerprint;
import org.envbench.http.serve.EnvbenchServer;
import org.envbench.http.serve.ServeConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code serve}: runs the HTTP server until SIGTERM or SIGINT, then stops gracefully (requests in flight finish,
 * within {@code --grace}) and exits 0. The first stdout line, once the server answers, is
 * {@code envbench ready at http://HOST:PORT/}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = Main.Version.class,
        description = {"Starts the HTTP server: /health, /status, /kernels, /run/{kernel}, /metrics and an index at /.",
            "Prints 'envbench ready at http://HOST:PORT/' as the first line on stdout once it answers."})
public final class ServeCommand implements Callable<Integer> {

    /** Lower case because picocli matches the constants to what users type. */
    enum AccessLog { off, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); in a container use 0.0.0.0.")
    String host;

    @Option(names = "--port", defaultValue = "${env:PORT:-8080}", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (env PORT, default 8080).")
    int port;

    @Option(names = "--env-label", defaultValue = "${env:ENVBENCH_ENV:-bare}", paramLabel = "LABEL",
            description = "Role of this server in a comparison: bare, container, vm (env ENVBENCH_ENV, default bare).")
    String envLabel;

    @Option(names = "--max-concurrent-runs", paramLabel = "N",
            description = "Kernel runs at once; one more gets 503 (default: the CPUs this process may use, now "
                    + "${sys:envbench.cpus})")
    Integer maxConcurrentRuns;

    @Option(names = "--token", defaultValue = "${env:ENVBENCH_TOKEN}", paramLabel = "TOKEN",
            description = "Require 'Authorization: Bearer TOKEN' on every route but /health and /metrics "
                    + "(env ENVBENCH_TOKEN; default: none).")
    String token;

    @Option(names = "--grace", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a stop waits for requests in flight, e.g. 30s, 500ms, 2m (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--max-run-time", defaultValue = "60s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Deadline of one /run: work estimated not to fit is refused (422), a run that cannot end in "
                    + "time stops between iterations (default: ${DEFAULT-VALUE}).")
    Duration maxRunTime;

    @Option(names = "--access-log", defaultValue = "off", paramLabel = "off|json",
            description = "json: one JSON line per request on stdout (time, method, route, status, duration_ns, kernel, "
                    + "size). Default off: logging costs time on the measured path.")
    AccessLog accessLog;

    @Option(names = "--scratch", paramLabel = "FOLDER", defaultValue = "${env:ENVBENCH_SCRATCH:-${sys:java.io.tmpdir}}",
            description = "Folder where the file kernels write, each run in a folder of its own that is removed after "
                    + "it; its filesystem is what file-write-sync and file-read measure (env ENVBENCH_SCRATCH, "
                    + "default: java.io.tmpdir, now ${sys:java.io.tmpdir}).")
    Path scratch;

    private final List<Kernel> kernels;

    public ServeCommand() {
        this(Kernels.all());
    }

    /** With another catalog; tests use it to serve kernels of their own. */
    ServeCommand(List<Kernel> kernels) {
        this.kernels = kernels;
        System.setProperty("envbench.cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Integer call() throws Exception {
        ServeConfig config = config();
        Server server = EnvbenchServer.createServer(config, () -> Fingerprint.detect(config.scratchFolder()), uri -> {
            System.out.println("envbench ready at " + uri);
            System.out.flush();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            GracefulHandler graceful = server.getDescendant(GracefulHandler.class);
            long inFlight = graceful == null ? 0 : graceful.getCurrentRequestCount();
            if (inFlight > 0) {
                System.err.println("envbench: stopping; waiting up to " + grace.toMillis() + " ms for " + inFlight
                        + " request(s) in flight");
            }
            try {
                server.stop();
            } catch (java.util.concurrent.TimeoutException e) {
                System.err.println("envbench: --grace of " + grace.toMillis() + " ms ran out; requests still in flight "
                        + "were cut off");
            } catch (Exception e) {
                System.err.println("envbench: the server did not stop cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        };
        // Handling the signals ourselves (instead of a shutdown hook) lets the process exit 0 after a graceful stop.
        Signal.handle(new Signal("TERM"), signal -> stop.run());
        Signal.handle(new Signal("INT"), signal -> stop.run());
        try {
            server.start();
        } catch (java.io.IOException e) {
            server.stop();
            // Jetty's own message repeats the address; the cause says why, for example "Address already in use".
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage();
            System.err.println("envbench: cannot listen on " + config.host() + ":" + config.port() + ": " + why
                    + "; choose another --port (0 picks a free one) or --host");
            return 1;
        }
        stopped.await();
        return 0;
    }

    private ServeConfig config() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
        }
        int runs = maxConcurrentRuns == null ? Runtime.getRuntime().availableProcessors() : maxConcurrentRuns;
        if (runs < 1) {
            throw new ParameterException(spec.commandLine(), "--max-concurrent-runs must be at least 1, got " + runs);
        }
        if (grace.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--grace must not be negative, got " + grace);
        }
        if (!Files.isDirectory(scratch) || !Files.isWritable(scratch)) {
            throw new ParameterException(spec.commandLine(), "--scratch must be a writable folder, got " + scratch
                    + (Files.exists(scratch) ? "" : ", which does not exist") + "; create it or choose another");
        }
        if (maxRunTime.isNegative() || maxRunTime.isZero()) {
            throw new ParameterException(spec.commandLine(), "--max-run-time must be more than 0, for example 60s, got "
                    + maxRunTime);
        }
        return new ServeConfig(host, port, envLabel, runs, token, grace, accessLog == AccessLog.json, kernels,
                maxRunTime, scratch.toAbsolutePath());
    }

    /** Reads durations as people write them: 30s, 500ms, 2m, 1h, or a bare number of seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim();
            try {
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                long amount = Long.parseLong(text.replaceAll("[smh]$", ""));
                return switch (text.charAt(text.length() - 1)) {
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration: write a whole number with ms, s, m or h, for example 30s");
            }
        }
    }
}
