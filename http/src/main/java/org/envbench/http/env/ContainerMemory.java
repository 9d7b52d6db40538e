package org.envbench.http.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The container's memory as the host sees it, as {@code docker stats} counts it: usage less inactive file cache. */
final class ContainerMemory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STATS_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern STATS_USAGE = Pattern.compile("^\\s*([0-9.]+)\\s*([kKMGT]?i?B)");

    private ContainerMemory() {
    }

    /** From the container's cgroup, found through its init's PID; else from the runtime's stats. */
    static OptionalLong hostResidentBytes(ContainerRuntime runtime, String container, OptionalLong initPid)
            throws IOException, InterruptedException {
        if (initPid.isPresent()) {
            OptionalLong fromCgroup = residentBytes(Path.of("/proc", Long.toString(initPid.getAsLong()), "cgroup"),
                    Path.of("/sys/fs/cgroup"));
            if (fromCgroup.isPresent()) {
                return fromCgroup;
            }
        }
        CommandResult stats = CommandResult.run(
                runtime.command("stats", "--no-stream", "--format", "json", container), STATS_TIMEOUT);
        return stats.succeeded() ? fromStatsJson(stats.output()) : OptionalLong.empty();
    }

    /**
     * From the container's init process's {@code /proc/PID/cgroup}: cgroup v2's {@code memory.current} or
     * v1's {@code memory.usage_in_bytes}, less {@code inactive_file} from {@code memory.stat}.
     */
    static OptionalLong residentBytes(Path procCgroup, Path cgroupRoot) throws IOException {
        if (!Files.isReadable(procCgroup)) {
            return OptionalLong.empty();
        }
        for (String line : Files.readAllLines(procCgroup)) {
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                continue;
            }
            String relative = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
            if (List.of(parts[1].split(",")).contains("memory")) {
                Path directory = cgroupRoot.resolve("memory").resolve(relative);
                return usageLessInactiveFile(directory.resolve("memory.usage_in_bytes"),
                        directory.resolve("memory.stat"), "total_inactive_file");
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                Path directory = cgroupRoot.resolve(relative);
                if (Files.isReadable(directory.resolve("memory.current"))) {
                    return usageLessInactiveFile(directory.resolve("memory.current"),
                            directory.resolve("memory.stat"), "inactive_file");
                }
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong usageLessInactiveFile(Path usageFile, Path statFile, String inactiveKey)
            throws IOException {
        if (!Files.isReadable(usageFile)) {
            return OptionalLong.empty();
        }
        long usage = Long.parseLong(Files.readString(usageFile).strip());
        long inactive = 0;
        if (Files.isReadable(statFile)) {
            for (String line : Files.readAllLines(statFile)) {
                String[] keyValue = line.split(" ");
                if (keyValue.length == 2 && keyValue[0].equals(inactiveKey)) {
                    inactive = Long.parseLong(keyValue[1]);
                }
            }
        }
        return OptionalLong.of(Math.max(0, usage - inactive));
    }

    /** From {@code stats --no-stream --format json}: podman's {@code mem_usage} ({@code "909.3kB / 536.9MB"}). */
    static OptionalLong fromStatsJson(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode first = root.isArray() ? root.path(0) : root;
        String usage = first.path("mem_usage").asText(first.path("MemUsage").asText(""));
        Matcher matcher = STATS_USAGE.matcher(usage);
        if (!matcher.find()) {
            return OptionalLong.empty();
        }
        double value = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2);
        boolean binary = unit.contains("i");
        double base = binary ? 1024 : 1000;
        int power = switch (Character.toUpperCase(unit.charAt(0))) {
            case 'K' -> 1;
            case 'M' -> 2;
            case 'G' -> 3;
            case 'T' -> 4;
            default -> 0;
        };
        return OptionalLong.of(Math.round(value * Math.pow(base, power)));
    }
}
