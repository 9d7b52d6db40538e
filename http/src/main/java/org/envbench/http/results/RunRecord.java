package org.envbench.http.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.envbench.http.env.Budget;
import org.envbench.http.env.Started;
import org.envbench.http.wire.StatusAnswer;

/**
 * Everything a results folder records of one comparison, as plain values: what {@link ResultsFolder} writes.
 *
 * @param runInfo        run.json's fields about how the run was asked for (command line, options, CPU plan), in
 *                       order
 * @param referenceLabel how the reference environment is named in reports ("bare metal", "host (itself a VM) ...")
 * @param profile        the profile's description for run.json
 */
public record RunRecord(String runId, RunStatus status, Map<String, Object> runInfo, Instant startTime,
                        Instant endTime, String referenceEnv, String referenceLabel, Object profile,
                        List<Environment> environments, List<KernelRow> kernels, List<LatencyRow> latencies,
                        List<String> notes) {

    /**
     * One environment: its outcome, its environments.csv rows (one per fork) and, for run.json, the budget, how
     * each fork started and its server's {@code /status} in the first fork (null where it never got that far).
     */
    public record Environment(String env, EnvironmentStatus status, String reason, List<EnvironmentRow> rows,
                              Budget budget, List<Started> started, StatusAnswer serverStatus) {
    }

    public List<String> envs() {
        return environments.stream().map(Environment::env).toList();
    }
}
