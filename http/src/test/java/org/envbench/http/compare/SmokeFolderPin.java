package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * The results folder of {@code compare --envs bare --profile smoke}, pinned as text: which files exist, the exact
 * first line of every CSV and the top-level fields of run.json, in order. The notebook and every earlier results
 * folder depend on these; a change here is a change of the contract in DESIGN.md, never a side effect.
 */
final class SmokeFolderPin {

    private static final Map<String, String> HEADERS = new LinkedHashMap<>();

    static {
        HEADERS.put("environments.csv", "env,kind,detail,os,cpu_model,logical_cpus,effective_cpus,"
                + "memory_total_bytes,memory_limit_bytes,java_version,jvm_flags,startup_seconds,idle_rss_bytes,"
                + "host_rss_bytes,server_startup_seconds,budget_cpus,budget_memory_bytes,cpuset,status,"
                + "failure_reason,fork,engine,oci_runtime,oci_runtime_version,gvisor_platform,gvisor_network,managed,network_path,"
                + "launch_command,scratch_filesystem");
        HEADERS.put("kernels.csv", "env,source,kernel,size,threads,samples,score,score_error,unit,round,"
                + "repetition,duration_ns,fork,gc_count,gc_seconds,outside_cpu_share,steal_share");
        HEADERS.put("latency.csv", "env,kernel,size,mode,target_rate,connections,achieved_rate,duration_seconds,"
                + "requests,errors,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_ms");
        HEADERS.put("summary.csv", "kernel,size,unit,env,samples,mean_score,ratio_to_bare,ratio_low,ratio_high,"
                + "clear_difference,forks,cv,unreliable,half_width,disturbed_share");
    }

    private static final List<String> FILES = List.of("environments.csv", "kernels.csv", "latency.csv",
            "logs/", "logs/bare-serve.stderr.log", "logs/bare-serve.stdout.log", "logs/load-bare-closed.csv", "logs/load-bare-closed.log",
            "logs/load-bare-open.csv", "logs/load-bare-open.log", "run.json", "summary.csv");

    private static final List<String> RUN_FIELDS = List.of("run_id", "status", "tool_version", "git_commit",
            "command_line", "compare_args", "options", "server_cpuset", "load_cpuset", "cpu_plan", "leftovers",
            "start_time", "end_time", "reference_env", "reference_label", "profile", "kernels_csv_rows", "ratio_interval",
            "environments", "notes");

    private SmokeFolderPin() {
    }

    /** Asserts that {@code out}, written by {@code compare --envs bare --profile smoke}, matches the pin. */
    static void assertPinned(Path out) throws IOException {
        assertEquals(FILES, files(out));
        for (Map.Entry<String, String> csv : HEADERS.entrySet()) {
            String text = Files.readString(out.resolve(csv.getKey()), StandardCharsets.UTF_8);
            assertEquals(csv.getValue(), text.substring(0, text.indexOf('\n')), "header of " + csv.getKey());
        }
        List<String> fields = new ArrayList<>();
        new ObjectMapper().readTree(out.resolve("run.json").toFile()).fieldNames().forEachRemaining(fields::add);
        assertEquals(RUN_FIELDS, fields, "run.json fields");
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir))
                    .map(p -> dir.relativize(p).toString() + (Files.isDirectory(p) ? "/" : ""))
                    .sorted().toList();
        }
    }
}
