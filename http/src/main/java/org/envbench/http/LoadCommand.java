package org.envbench.http;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.HdrHistogram.HistogramLogWriter;
import org.envbench.core.Kernel;
import org.envbench.core.Kernels;
import org.envbench.http.load.DurationConverter;
import org.envbench.http.load.LoadGenerator;
import org.envbench.http.load.LoadPlan;
import org.envbench.http.load.LoadResult;
import org.envbench.http.load.LoadTarget;
import org.envbench.http.load.Summary;
import org.envbench.http.load.UnreachableServerException;
import org.envbench.http.results.CsvFile;
import org.envbench.http.results.LatencyRow;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code envbench load}: drives a running server open or closed loop and reports latency without coordinated omission. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Drives a running envbench server at a fixed rate (--rate: open loop, latency from each request's "
                + "intended send time) or with a fixed number of outstanding requests (--connections: closed loop, "
                + "latency from the actual send) and reports latency percentiles, achieved rate and every error.",
            "Example: java -jar http/envbench.jar load --url http://127.0.0.1:8080/ --path /health --rate 500 "
                + "--duration 30s --out latency.csv"},
        footer = "Durations are written 500ms, 30s, 2m or 1h. Exit status: 0 run completed (errors, if any, are in "
                + "the summary and the row), 1 server unreachable or output not writable, 2 bad option.")
public final class LoadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The server's address, for example http://127.0.0.1:8080/.")
    private String url;

    @Option(names = "--kernel", paramLabel = "NAME", description = "Request /run/NAME?size=N; one of the catalog's kernels.")
    private String kernel;

    @Option(names = "--size", paramLabel = "N", description = "The kernel size; default: the kernel's default size.")
    private Long size;

    @Option(names = "--path", paramLabel = "PATH", description = "Request this path instead, for example /health.")
    private String path;

    @Option(names = "--rate", paramLabel = "R", description = "Open loop: start R requests per second on a fixed timeline.")
    private Double rate;

    @Option(names = "--connections", paramLabel = "C", description = "Closed loop: keep C requests outstanding.")
    private Integer connections;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open loop: open at most N connections (default: rate x timeout, at most "
                    + LoadPlan.MAX_OPEN_LOOP_CONNECTIONS + "); requests beyond wait in the client and that wait "
                    + "counts in their latency.")
    private Integer maxConnections;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to measure (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "5s", converter = DurationConverter.class,
            description = "Load applied first and left out of the results; in open loop the rate ramps up from 0 "
                    + "over its first half (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
            description = "Connect timeout, and how long a request may take before it counts as a timeout "
                    + "(default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--env", paramLabel = "NAME", defaultValue = "${env:ENVBENCH_ENV:-unknown}",
            description = "latency.csv's env column: bare, container, vm... (default: $ENVBENCH_ENV or unknown).")
    private String env;

    @Option(names = "--out", paramLabel = "FILE", description = "Append one latency.csv row (header written if the file is new).")
    private Path out;

    @Option(names = "--hlog", paramLabel = "FILE",
            description = "Write an HdrHistogram interval log (latency in ns, one interval a second) of the measured part.")
    private Path hlog;

    @Override
    public Integer call() throws InterruptedException {
        LoadPlan plan = plan();
        if (out != null) {
            try {
                CsvFile.checkAppendable(out, LatencyRow.class);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--out: " + e.getMessage());
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        HistogramLogWriter histogramLog = openHistogramLog();
        LoadResult result;
        try {
            result = new LoadGenerator(plan).progressTo(stderr).histogramLog(histogramLog).run();
        } catch (UnreachableServerException e) {
            stderr.println("envbench load: " + e.getMessage());
            return 1;
        } finally {
            if (histogramLog != null) {
                histogramLog.close();
            }
        }
        stdout.print(Summary.format(plan, result));
        stdout.flush();
        if (out != null) {
            try {
                CsvFile.append(out, LatencyRow.class, result.row());
            } catch (java.io.IOException | RuntimeException e) {
                stderr.println("envbench load: cannot append the row to " + out + ": " + e.getMessage()
                        + "; the row was: " + CsvFile.line(LatencyRow.class, result.row()));
                return 1;
            }
            stdout.println("Row appended to " + out);
        }
        return 0;
    }

    private LoadPlan plan() {
        if ((rate == null) == (connections == null)) {
            throw bad("give exactly one of --rate R (open loop) and --connections C (closed loop)"
                    + (rate == null ? "" : ", not both"));
        }
        if ((kernel == null) == (path == null)) {
            throw bad("give exactly one of --kernel NAME (with --size N) and --path PATH" + (kernel == null ? "" : ", not both"));
        }
        if (size != null && kernel == null) {
            throw bad("--size goes with --kernel; with --path put any query in the path");
        }
        URI base;
        try {
            base = LoadTarget.checkBase(new URI(url));
        } catch (URISyntaxException e) {
            throw bad("--url '" + url + "' is not a URL: " + e.getMessage() + "; expected for example http://127.0.0.1:8080/");
        } catch (IllegalArgumentException e) {
            throw bad("--url: " + e.getMessage());
        }
        try {
            LoadTarget target = kernel != null ? kernelTarget(base) : LoadTarget.path(base, path);
            if (rate == null) {
                if (maxConnections != null) {
                    throw bad("--max-connections goes with --rate (open loop); a closed loop keeps exactly --connections");
                }
                return LoadPlan.closedLoop(target, env, connections, duration, warmup, timeout);
            }
            LoadPlan open = LoadPlan.openLoop(target, env, rate, duration, warmup, timeout);
            return maxConnections == null ? open : open.withMaxConnections(maxConnections);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private LoadTarget kernelTarget(URI base) {
        Kernel known = Kernels.byName(kernel);
        long effectiveSize = size != null ? size : known.defaultSize();
        known.checkSize(effectiveSize);
        return LoadTarget.kernel(base, kernel, effectiveSize);
    }

    private HistogramLogWriter openHistogramLog() {
        if (hlog == null) {
            return null;
        }
        Path parent = hlog.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw bad("--hlog: folder " + parent + " does not exist; create it or choose another file");
        }
        try {
            return new HistogramLogWriter(hlog.toFile());
        } catch (FileNotFoundException e) {
            throw bad("--hlog: cannot write " + hlog + ": " + e.getMessage());
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
