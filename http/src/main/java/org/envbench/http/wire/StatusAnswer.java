package org.envbench.http.wire;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.envbench.core.env.Fingerprint;
import org.envbench.http.host.ProcStatus;

/**
 * The answer of {@code GET /status}: the server's fingerprint, its process figures, its run permits and the
 * kernel catalog. {@code serve} writes it and compare's {@code ServerClient} (and the test fakes) read and write
 * the same record, so that no side guesses a name.
 *
 * @param fingerprint        null while detection failed; then {@code fingerprintProblem} says why
 * @param fingerprintProblem left out of the answer when there is none
 * @param kernels            the catalog as {@code GET /kernels} answers it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusAnswer(String env, String toolVersion, Fingerprint fingerprint,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String fingerprintProblem,
                           ProcessFigures process, Runs runs, List<Map<String, Object>> kernels) {

    /**
     * The server process.
     *
     * @param rssBytes       VmRSS, -1 where there is no {@code /proc}
     * @param startupSeconds from JVM start to ready; null before the server is ready
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProcessFigures(long pid, long rssBytes, double uptimeSeconds, Double startupSeconds,
                                 long maxHeapBytes, int availableProcessors) {

        /** This JVM's figures now. */
        public static ProcessFigures ofThisJvm(double startupSeconds) {
            long pid = ProcessHandle.current().pid();
            return new ProcessFigures(pid, ProcStatus.residentBytes(pid).orElse(-1),
                    ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0,
                    Double.isNaN(startupSeconds) ? null : startupSeconds, Runtime.getRuntime().maxMemory(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * The run permits: how many {@code /run} may run at once, how many do, the heap left for their inputs, and the
     * deadline of one run ({@code serve --max-run-time}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Runs(int maxConcurrent, int inFlight, long heapHeadroomBytes, double maxRunSeconds) {
    }
}
