package org.envbench.http.load;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The end-of-run report, laid out so that a wrk user finds requests, rate, latency distribution and errors. */
public final class Summary {

    private Summary() {
    }

    public static String format(LoadPlan plan, LoadResult r) {
        StringBuilder out = new StringBuilder();
        String pacing = plan.mode() == LoadMode.OPEN
                ? String.format(Locale.ROOT, "open loop at %s requests/s", number(plan.ratePerSecond()))
                : String.format(Locale.ROOT, "closed loop with %d connections", plan.connections());
        out.append(String.format(Locale.ROOT, "Running %s test @ %s%n", DurationConverter.format(plan.duration()),
                plan.target().uri()));
        out.append(String.format(Locale.ROOT, "  %s, %s warmup excluded, timeout %s, env %s%n", pacing,
                DurationConverter.format(plan.warmup()), DurationConverter.format(plan.timeout()),
                plan.env().isEmpty() ? "-" : plan.env()));
        out.append(plan.mode() == LoadMode.OPEN
                ? "  latency from each request's intended send time (t0 + i/rate): waiting in the server or the client counts\n"
                : "  latency from each request's actual send time: in a closed loop a stalled server also delays the next\n"
                + "  sends, so that waiting is not counted (coordinated omission); use --rate for latency that includes it\n");
        out.append("  Latency      p50       p90       p99     p99.9       max      mean\n");
        out.append(String.format(Locale.ROOT, "    (ms) %9s %9s %9s %9s %9s %9s%n", ms(r.p50Ms()), ms(r.p90Ms()),
                ms(r.p99Ms()), ms(r.p999Ms()), ms(r.maxMs()), ms(r.meanMs())));
        out.append(String.format(Locale.ROOT, "  %d requests in %.2fs, %d errors%n", r.requests(), r.durationSeconds(),
                r.errors()));
        if (plan.mode() == LoadMode.OPEN) {
            double ratio = r.achievedRate() / plan.ratePerSecond();
            out.append(String.format(Locale.ROOT, "Requests/sec: %10.2f  (target %s, achieved %.2f%% of it)%n",
                    r.achievedRate(), number(plan.ratePerSecond()), ratio * 100));
            out.append(String.format(Locale.ROOT, "Connections:  up to %d open (limit %d); requests handed to the client"
                    + " at most %.2f ms after their due time%n", r.connections(), r.connectionLimit(),
                    r.maxSendLagNanos() / 1e6));
            if (r.maxSendLagNanos() > 10_000_000L) {
                out.append("WARNING:      the client fell behind its own schedule; its queueing is in the latency above."
                        + " Lower --rate or give the load generator more CPU\n");
            }
        } else {
            out.append(String.format(Locale.ROOT, "Requests/sec: %10.2f%n", r.achievedRate()));
        }
        OutcomeCounts outcomes = r.outcomes();
        if (r.errors() == 0) {
            out.append(String.format(Locale.ROOT, "Outcomes:     2xx %d, no errors%n", outcomes.ok()));
        } else {
            Map<String, Long> byKind = outcomes.errorsByKind();
            out.append(String.format(Locale.ROOT, "Outcomes:     2xx %d; ERRORS %d (%.2f%%): %s%n", outcomes.ok(),
                    r.errors(), 100.0 * r.errors() / Math.max(1, r.requests()),
                    byKind.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", "))));
            if (!outcomes.otherExample().isEmpty()) {
                out.append("              first other error: ").append(outcomes.otherExample()).append('\n');
            }
        }
        return out.toString();
    }

    private static String ms(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "-";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
