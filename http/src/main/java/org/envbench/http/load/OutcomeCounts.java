package org.envbench.http.load;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How every measured request ended. Each request is counted exactly once: a 2xx response, another status
 * (by code), or a failure without a response (by kind).
 *
 * @param ok            responses with a 2xx status
 * @param statusCodes   responses with any other status, by code
 * @param connectErrors connections refused, unresolvable host or connect timed out
 * @param timeouts      no complete response within the timeout
 * @param resets        connection closed or reset by the server before a complete response
 * @param unsent        open loop: due but never sent, because the client fell behind and the run's time was up
 * @param other         any other failure; {@code otherExample} names one
 * @param otherExample  the first such failure, for the summary; empty if none
 */
public record OutcomeCounts(long ok, SortedMap<Integer, Long> statusCodes, long connectErrors, long timeouts,
                            long resets, long unsent, long other, String otherExample) {

    public OutcomeCounts {
        statusCodes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(statusCodes));
    }

    /** Every request counted. */
    public long requests() {
        return ok + errors();
    }

    /** Everything but 2xx responses. */
    public long errors() {
        return statusCodes.values().stream().mapToLong(Long::longValue).sum() + connectErrors + timeouts + resets + unsent
                + other;
    }

    /** Responses with status {@code code}; 0 if none. For 2xx codes use {@link #ok()}. */
    public long status(int code) {
        return statusCodes.getOrDefault(code, 0L);
    }

    /** Errors by kind in a fixed order, only those that occurred: "500" -> 12, "connect" -> 1, ... */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> byKind = new java.util.LinkedHashMap<>();
        statusCodes.forEach((code, count) -> byKind.put("status " + code, count));
        putIfAny(byKind, "connect", connectErrors);
        putIfAny(byKind, "timeout", timeouts);
        putIfAny(byKind, "reset/closed", resets);
        putIfAny(byKind, "unsent (client behind schedule)", unsent);
        putIfAny(byKind, "other", other);
        return byKind;
    }

    private static void putIfAny(Map<String, Long> map, String key, long value) {
        if (value > 0) {
            map.put(key, value);
        }
    }
}
