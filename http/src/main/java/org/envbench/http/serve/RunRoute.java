package org.envbench.http.serve;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.envbench.core.Kernel;
import org.envbench.core.KernelRunner;
import org.envbench.core.RunResult;
import org.envbench.core.VerificationException;
import org.envbench.http.wire.RunAnswer;
import org.eclipse.jetty.util.MultiMap;
import org.eclipse.jetty.util.UrlEncoded;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET or POST /run/{kernel}?size=N&iterations=K}: checks the request, takes a run slot or answers 503 at once,
 * runs the kernel on the run pool within its {@link RunDeadline} and answers what {@link KernelRunner} measured. Parameters come from the query
 * string only; a POST body is not read.
 */
final class RunRoute extends Route {

    static final int MAX_ITERATIONS = ServeConfig.MAX_RUN_ITERATIONS;
    /** Larger POST bodies are refused unread: nothing here needs a body. */
    static final long MAX_BODY_BYTES = 64 * 1024;
    static final String RETRY_AFTER_SECONDS = "1";
    /** How often a waiting request looks whether its client is still there. */
    static final long CLIENT_CHECK_MILLIS = 100;
    static final int CLIENT_CLOSED_REQUEST = 499;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,18}");
    private static final Pattern LONG_OR_NEGATIVE = Pattern.compile("-?[0-9]+");
    private static final List<String> PARAMETERS = List.of("size", "iterations");

    RunRoute(ServerState state) {
        super(state, "GET", "POST");
    }

    @Override
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            reject(response, "bad_request", 413, "body_too_large", "a body of " + request.getContentLengthLong()
                    + " bytes was sent; /run reads no body, give size and iterations in the query string",
                    Map.of("max_body_bytes", MAX_BODY_BYTES));
            return;
        }
        String path = request.getPathInfo();
        String name = path == null || path.length() < 2 ? "" : path.substring(1);
        Kernel kernel = state.kernels.get(name);
        if (kernel == null) {
            String what = name.isEmpty() ? "no kernel named in the path" : "unknown kernel '" + Json.quote(name) + "'";
            reject(response, "unknown_kernel", 404, "unknown_kernel", what + ": use /run/{kernel} with one of "
                    + String.join(", ", state.kernelNames()), Map.of("kernels", state.kernelNames()));
            return;
        }
        request.setAttribute(RequestObserver.KERNEL_ATTRIBUTE, kernel.name());
        MultiMap<String> parameters;
        try {
            parameters = request.getQueryString() == null ? new MultiMap<>()
                    : UrlEncoded.decodeQuery(request.getQueryString());
        } catch (IllegalArgumentException e) {
            reject(response, "bad_request", 400, "bad_query", "the query string is not valid percent-encoded UTF-8 ("
                    + e.getMessage() + "): write it as size=N&iterations=K", Map.of("parameters", PARAMETERS));
            return;
        }
        String problem = unknownParameter(parameters);
        if (problem != null) {
            reject(response, "bad_request", 400, "unknown_parameter", problem, Map.of("parameters", PARAMETERS));
            return;
        }
        Long size = size(parameters.getValues("size"), kernel, response);
        if (size == null) {
            return;
        }
        request.setAttribute(RequestObserver.SIZE_ATTRIBUTE, size);
        Integer iterations = iterations(parameters.getValues("iterations"), response);
        if (iterations == null) {
            return;
        }
        run(kernel, size, iterations, request, response);
    }

    private void run(Kernel kernel, long size, int iterations, HttpServletRequest request,
                     HttpServletResponse response) throws IOException {
        RunDeadline deadline = new RunDeadline(kernel, size, iterations, state.costs, state.config.maxRunTime());
        Future<RunResult> pending;
        try {
            pending = state.slots.trySubmit(kernel.memoryBytes(size), () -> {
                state.costs.calibrate(kernel, size);
                return KernelRunner.run(kernel, size, iterations, state.config.scratchFolder(), deadline);
            });
        } catch (RunSlots.HeapExhaustedException e) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("needed_bytes", e.neededBytes);
            details.put("available_bytes", e.headroomBytes);
            details.put("largest_size_that_fits_now", largestFitting(kernel, e.headroomBytes));
            details.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
            reject(response, "memory", 413, "size_exceeds_heap", "kernel " + kernel.name() + " at size " + size
                    + " needs about " + mebibytes(e.neededBytes) + " MiB of heap, but only "
                    + mebibytes(e.headroomBytes) + " MiB are free for runs now (max heap "
                    + mebibytes(Runtime.getRuntime().maxMemory()) + " MiB): use a smaller size, wait for runs in "
                    + "flight to end, or give the JVM a larger -Xmx", details);
            return;
        }
        if (pending == null) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            reject(response, "busy", 503, "busy", "all " + state.slots.capacity() + " run slots are busy; "
                    + "retry after " + RETRY_AFTER_SECONDS + " s (the server does not queue runs)",
                    Map.of("max_concurrent_runs", state.slots.capacity()));
            return;
        }
        RunResult result;
        try (ClientProbe probe = ClientProbe.of(request)) {
            result = await(pending, probe, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            Json.error(response, 503, "interrupted", "the server is stopping; retry elsewhere or later", Map.of());
            return;
        } catch (RunStoppedException stopped) {
            stopped(kernel, size, stopped, response);
            return;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RunStoppedException stopped) {
                stopped(kernel, size, stopped, response);
            } else {
                failed(kernel, size, e.getCause(), response);
            }
            return;
        }
        state.metrics.kernelRuns.labels(kernel.name(), "ok").inc();
        state.metrics.kernelDuration.labels(kernel.name()).observe(result.durationNanos() / 1e9);
        Json.write(response, 200, new RunAnswer(result.kernel(), result.size(), result.iterations(),
                result.durationNanos(), result.checksum(), result.verified(), result.score(), result.unit(),
                result.gcCount(), result.gcNanos()));
    }

    /**
     * The run's result. Throws at once, without waiting for the iteration in progress, when the client has gone or the
     * deadline has passed; the run stops at its next iteration and frees its slot then.
     */
    private static RunResult await(Future<RunResult> pending, ClientProbe probe, RunDeadline deadline)
            throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return pending.get(CLIENT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (probe != null && probe.clientGone()) {
                    throw deadline.clientGone();
                }
                RunStoppedException overdue = deadline.overdue();
                if (overdue != null) {
                    throw overdue;
                }
            }
        }
    }

    /**
     * 422 for both: the request is well-formed but asks for more work than this server does in one request, so the
     * client has to ask for less (or the operator for a longer --max-run-time). Not 503, which invites the same request
     * again, nor 504, which speaks of an upstream server; 413 would do for a body, and there is none.
     */
    private void stopped(Kernel kernel, long size, RunStoppedException stopped, HttpServletResponse response)
            throws IOException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kernel", kernel.name());
        details.put("size", size);
        details.put("iterations", stopped.iterationsAsked);
        details.put("max_run_seconds", stopped.maxRunSeconds);
        details.put("estimated_seconds", round(stopped.projectedSeconds));
        details.put("seconds_per_iteration", round(stopped.secondsPerIteration));
        details.put("largest_iterations_that_fit", stopped.largestIterationsThatFit);
        String fits = stopped.largestIterationsThatFit > 0
                ? "ask for at most " + stopped.largestIterationsThatFit + " iterations at this size"
                : "not even one iteration fits: use a smaller size";
        String limit = " (--max-run-time " + stopped.maxRunSeconds + " s): " + fits
                + ", or start the server with a longer --max-run-time";
        switch (stopped.kind) {
            case TOO_LONG -> reject(response, "too_long", 422, "run_too_long", "kernel " + kernel.name() + " at size "
                    + size + " takes about " + round(stopped.secondsPerIteration) + " s per iteration on this server, "
                    + "so " + stopped.iterationsAsked + " iterations would take about "
                    + round(stopped.projectedSeconds) + " s, more than one run may" + limit, details);
            case DEADLINE -> {
                state.metrics.kernelRuns.labels(kernel.name(), "deadline").inc();
                details.put("iterations_done", stopped.iterationsDone);
                String why = stopped.iterationsDone == 0
                        ? "it was still preparing or in its first iteration at the deadline"
                        : "at " + round(stopped.secondsPerIteration) + " s per iteration it would have ended after "
                        + "about " + round(stopped.projectedSeconds) + " s";
                Json.error(response, 422, "deadline_exceeded", "kernel " + kernel.name() + " at size " + size
                        + " was stopped after " + stopped.iterationsDone + " of " + stopped.iterationsAsked
                        + " iterations: " + why + ", more than one run may" + limit, details);
            }
            case CLIENT_GONE -> {
                state.metrics.kernelRuns.labels(kernel.name(), "client_gone").inc();
                // nginx's "client closed request", for the access log and the route metrics; nobody reads it.
                response.setStatus(CLIENT_CLOSED_REQUEST);
            }
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private void failed(Kernel kernel, long size, Throwable cause, HttpServletResponse response) throws IOException {
        Map<String, Object> details = Map.of("kernel", kernel.name(), "size", size);
        if (cause instanceof VerificationException) {
            state.metrics.kernelRuns.labels(kernel.name(), "wrong").inc();
            Json.error(response, 500, "verification_failed", "kernel " + kernel.name() + " at size " + size
                    + " produced a wrong result, so there is no score: " + cause.getMessage(), details);
        } else if (cause instanceof UnsupportedOperationException) {
            state.metrics.kernelRuns.labels(kernel.name(), "error").inc();
            Json.error(response, 501, "not_implemented", "kernel " + kernel.name()
                    + " cannot run in this build: " + cause.getMessage(), details);
        } else {
            state.metrics.kernelRuns.labels(kernel.name(), "error").inc();
            Json.error(response, 500, "kernel_failed", "kernel " + kernel.name() + " at size " + size
                    + " failed: " + cause, details);
        }
    }

    private static String unknownParameter(MultiMap<String> parameters) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                return "unknown parameter '" + Json.quote(name) + "': /run/{kernel} takes size and iterations";
            }
        }
        return null;
    }

    /** The size parameter, the kernel's default when absent; null after answering 400. */
    private Long size(List<String> values, Kernel kernel, HttpServletResponse response) throws IOException {
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("kernel", kernel.name());
        range.put("size_meaning", kernel.sizeMeaning());
        range.put("min_size", kernel.minSize());
        range.put("max_size", kernel.maxSize());
        range.put("default_size", kernel.defaultSize());
        String allowed = "allowed for " + kernel.name() + " (" + kernel.sizeMeaning() + "): a whole number from "
                + kernel.minSize() + " to " + kernel.maxSize() + ", default " + kernel.defaultSize();
        if (values == null) {
            return kernel.defaultSize();
        }
        if (values.size() != 1) {
            reject(response, "bad_request", 400, "repeated_parameter", "size was given " + values.size()
                    + " times; give it once. " + allowed, range);
            return null;
        }
        String text = values.get(0);
        long size;
        if (WHOLE_NUMBER.matcher(text).matches()) {
            size = Long.parseLong(text);
        } else if (LONG_OR_NEGATIVE.matcher(text).matches()) {
            // Negative, or too many digits for a long: a number, but out of range either way.
            size = text.startsWith("-") ? -1 : Long.MAX_VALUE;
        } else {
            reject(response, "bad_request", 400, "bad_size", "size '" + Json.quote(text)
                    + "' is not a whole number (no units, no decimals, no exponent). " + allowed, range);
            return null;
        }
        if (size < kernel.minSize() || size > kernel.maxSize()) {
            reject(response, "bad_request", 400, "size_out_of_range", "size " + Json.quote(text)
                    + " is out of range. " + allowed, range);
            return null;
        }
        return size;
    }

    /** The iterations parameter, 1 when absent; null after answering 400. */
    private Integer iterations(List<String> values, HttpServletResponse response) throws IOException {
        if (values == null) {
            return 1;
        }
        String allowed = "allowed: a whole number from 1 to " + MAX_ITERATIONS + ", default 1";
        Map<String, Object> range = Map.of("min_iterations", 1, "max_iterations", MAX_ITERATIONS);
        if (values.size() != 1) {
            reject(response, "bad_request", 400, "repeated_parameter", "iterations was given " + values.size()
                    + " times; give it once. " + allowed, range);
            return null;
        }
        String text = values.get(0);
        if (!WHOLE_NUMBER.matcher(text).matches() || Long.parseLong(text) < 1
                || Long.parseLong(text) > MAX_ITERATIONS) {
            reject(response, "bad_request", 400, "bad_iterations", "iterations '" + Json.quote(text)
                    + "' is not allowed; " + allowed, range);
            return null;
        }
        return Integer.parseInt(text);
    }

    private void reject(HttpServletResponse response, String reason, int status, String error, String message,
                        Map<String, ?> details) throws IOException {
        state.metrics.reject(reason);
        Json.error(response, status, error, message, details);
    }

    /** The largest size whose memory need fits {@code bytes}, by bisection; 0 when not even the smallest does. */
    static long largestFitting(Kernel kernel, long bytes) {
        if (kernel.memoryBytes(kernel.minSize()) > bytes) {
            return 0;
        }
        long low = kernel.minSize();
        long high = kernel.maxSize();
        while (low < high) {
            long middle = low + (high - low + 1) / 2;
            if (kernel.memoryBytes(middle) <= bytes) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    private static long mebibytes(long bytes) {
        return bytes >> 20;
    }
}
