package org.envbench.core.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layers between the hardware and this process, decided from recorded {@link SystemFacts} alone, so that the
 * decision can be tested on any machine's files.
 *
 * <p>Each marker is strong or weak. A layer with at least one strong marker is real and counts for {@code kind};
 * a layer with only weak markers is still listed, says {@code weak} and does not change {@code kind}. The weak
 * case exists because images leave {@code /.dockerenv} behind: a VM made from a container image has it while
 * nothing else about it is a container. OSHI's {@code CgroupInfo.isContainerized()} answers true on such a VM for
 * that file alone, so its verdict is not used; its {@code getVirtualization()} answer is one VM marker among others.
 *
 * @param kind           {@code bare}, {@code vm} or {@code container}: the innermost strong layer
 * @param layers         every layer found, outermost first
 * @param virtualization the hypervisor of a strong VM layer, else {@code none}
 * @param runtime        the runtime of a strong container layer, else {@code none}; {@code gvisor} for a gVisor
 *                       sandbox whichever engine started it (the engine's markers stay in the evidence)
 * @param accel          {@code kvm} or {@code tcg} when known, {@code unknown} for a VM that does not say,
 *                       {@code none} without a VM
 */
record Detection(String kind, List<Fingerprint.Layer> layers, String virtualization, String runtime, String accel) {

    static final String STRONG = "strong";
    static final String WEAK = "weak";

    private static final Pattern ACCEL = Pattern.compile("(?:^|\\s)envbench\\.accel=(\\w+)");
    private static final Pattern INIT = Pattern.compile("(?:^|\\s)(?:rd)?init=(\\S+)");
    private static final Pattern ENGINE = Pattern.compile("(?m)^engine=\"([a-zA-Z]+)");
    private static final Pattern CONTAINER_ENV = Pattern.compile("(?m)^container=(\\S+)");
    /** gVisor's Sentry writes {@code BOOT_IMAGE=/vmlinuz-<release>-gvisor quiet} as /proc/cmdline, every version. */
    private static final Pattern GVISOR_CMDLINE = Pattern.compile("(?:^|\\s)BOOT_IMAGE=(\\S*-gvisor)(?:\\s|$)");
    private static final Set<String> CONTAINER_INITS =
            Set.of("docker-init", "tini", "catatonit", "dumb-init", "podman-init");
    private static final Set<String> MACHINE_INITS = Set.of("systemd", "init");

    /** Cgroup path fragments that only a container's cgroup has, with the runtime each one names. */
    private static final List<String[]> CGROUP_MARKERS = List.of(
            new String[] {"/docker/", "docker"},
            new String[] {"/docker-", "docker"},
            new String[] {"/libpod-", "podman"},
            new String[] {"/kubepods", "kubernetes"},
            new String[] {"/lxc/", "lxc"},
            new String[] {"/lxc.payload", "lxc"},
            new String[] {"/containerd/", "containerd"},
            new String[] {"/cri-containerd-", "containerd"},
            new String[] {"/crio-", "cri-o"},
            new String[] {"/buildkit/", "buildkit"});

    /** DMI vendor or product fragments of hypervisors, with the name each one gives. */
    private static final List<String[]> DMI_MARKERS = List.of(
            new String[] {"kvm", "kvm"},
            new String[] {"qemu", "qemu"},
            new String[] {"vmware", "vmware"},
            new String[] {"virtualbox", "virtualbox"},
            new String[] {"innotek", "virtualbox"},
            new String[] {"xen", "xen"},
            new String[] {"bochs", "bochs"},
            new String[] {"parallels", "parallels"},
            new String[] {"google compute engine", "kvm"},
            new String[] {"virtual machine", "hyperv"});

    static Detection of(SystemFacts facts) {
        Vm vm = Vm.of(facts);
        Container container = Container.of(facts);
        List<Fingerprint.Layer> layers = new ArrayList<>();
        if (!vm.evidence().isEmpty()) {
            layers.add(new Fingerprint.Layer("vm", vm.name(), String.join("; ", vm.evidence()), vm.strength()));
        }
        if (!container.evidence().isEmpty()) {
            layers.add(new Fingerprint.Layer("container", container.runtime(), String.join("; ", container.evidence()),
                    container.strength()));
        }
        String kind = "bare";
        for (Fingerprint.Layer layer : layers) {
            if (layer.strength().equals(STRONG)) {
                kind = layer.kind();
            }
        }
        boolean vmFound = vm.strength().equals(STRONG);
        return new Detection(kind, List.copyOf(layers),
                vmFound ? vm.name() : "none",
                container.strength().equals(STRONG) ? container.runtime() : "none",
                vmFound ? vm.accel() : "none");
    }

    /** What the VM markers say; {@code evidence} is empty when there are none. */
    private record Vm(String name, String accel, List<String> evidence, String strength) {

        static Vm of(SystemFacts facts) {
            List<String> evidence = new ArrayList<>();
            boolean strong = false;
            if (cpuFlags(facts.cpuinfo()).contains("hypervisor")) {
                evidence.add("cpuinfo flags include hypervisor");
                strong = true;
            }
            String dmiName = null;
            for (String field : new String[] {facts.dmiSysVendor(), facts.dmiProductName(), facts.dmiBiosVendor()}) {
                String name = dmiName(field);
                if (name != null) {
                    evidence.add("DMI says " + field.trim());
                    dmiName = dmiName == null || name.equals("kvm") ? name : dmiName;
                    strong = true;
                }
            }
            String cpuModel = cpuModel(facts.cpuinfo());
            boolean qemuCpu = cpuModel != null && cpuModel.contains("QEMU Virtual CPU");
            if (qemuCpu) {
                evidence.add("CPU model is " + cpuModel);
                strong = true;
            }
            String hypervisorType = trimmed(facts.hypervisorType());
            if (hypervisorType != null) {
                evidence.add("/sys/hypervisor/type is " + hypervisorType);
                strong = true;
            }
            String detectVirt = trimmed(facts.detectVirt());
            boolean detectVirtSaysVm = detectVirt != null && !detectVirt.equals("none");
            if (detectVirtSaysVm) {
                evidence.add("systemd-detect-virt --vm says " + detectVirt);
                strong = true;
            }
            String oshi = trimmed(facts.oshiVirtualization());
            if (oshi != null) {
                evidence.add("OSHI getVirtualization() says " + oshi);
                strong = true;
            }
            String launcherAccel = match(ACCEL, facts.kernelCmdline());
            if (launcherAccel != null) {
                evidence.add("kernel command line has envbench.accel=" + launcherAccel);
                strong = true;
            }
            boolean kvmClock = facts.clocksources() != null && facts.clocksources().contains("kvm-clock");
            if (kvmClock) {
                evidence.add("kvm-clock clocksource available");
                strong = true;
            }
            boolean firecracker = facts.kernelCmdline() != null
                    && facts.kernelCmdline().toLowerCase(Locale.ROOT).contains("firecracker");
            if (firecracker) {
                evidence.add("kernel command line mentions firecracker");
            }
            if (!evidence.isEmpty() && !facts.hasDmi()) {
                evidence.add("no DMI tables (as in microVMs such as Firecracker)");
            }

            String accel;
            if (launcherAccel != null) {
                accel = launcherAccel;
            } else if (kvmClock || firecracker || "kvm".equals(detectVirt) || "kvm".equals(dmiName)) {
                accel = "kvm";
            } else if ("qemu".equals(detectVirt)) {
                accel = "tcg";
            } else {
                accel = "unknown";
            }
            boolean qemu = qemuCpu || "qemu".equals(dmiName) || "qemu".equals(detectVirt);
            String name;
            if (firecracker) {
                name = "firecracker";
            } else if (qemu) {
                name = accel.equals("tcg") ? "qemu-tcg" : accel.equals("kvm") ? "kvm" : "qemu";
            } else if (dmiName != null) {
                name = dmiName;
            } else if (detectVirtSaysVm) {
                name = detectVirt;
            } else if (hypervisorType != null) {
                name = hypervisorType;
            } else if (oshi != null) {
                name = oshi.toLowerCase(Locale.ROOT);
            } else if (kvmClock) {
                name = "kvm";
            } else {
                name = "unknown";
            }
            return new Vm(name, accel, evidence, strong ? STRONG : WEAK);
        }

        private static String dmiName(String field) {
            if (field == null) {
                return null;
            }
            String lower = field.toLowerCase(Locale.ROOT);
            for (String[] marker : DMI_MARKERS) {
                if (lower.contains(marker[0])) {
                    return marker[1];
                }
            }
            return null;
        }
    }

    /** What the container markers say; {@code evidence} is empty when there are none. */
    private record Container(String runtime, List<String> evidence, String strength) {

        static Container of(SystemFacts facts) {
            List<String> evidence = new ArrayList<>();
            String runtime = null;
            boolean strong = false;
            if (facts.containerenv() != null) {
                evidence.add("/run/.containerenv exists");
                String engine = match(ENGINE, facts.containerenv());
                runtime = engine != null ? engine.toLowerCase(Locale.ROOT) : "podman";
                strong = true;
            }
            String containerVariable = match(CONTAINER_ENV, facts.pid1Environ());
            if (containerVariable != null) {
                evidence.add("PID 1 environment has container=" + containerVariable);
                runtime = runtime != null ? runtime : containerVariable;
                strong = true;
            }
            String[] selfMarker = cgroupMarker(facts.selfCgroup());
            String[] pid1Marker = cgroupMarker(facts.pid1Cgroup());
            if (selfMarker != null) {
                evidence.add("/proc/self/cgroup has a container path (" + selfMarker[0] + ")");
            }
            if (pid1Marker != null && (selfMarker == null || !pid1Marker[0].equals(selfMarker[0]))) {
                evidence.add("/proc/1/cgroup has a container path (" + pid1Marker[0] + ")");
            }
            String[] marker = selfMarker != null ? selfMarker : pid1Marker;
            if (marker != null) {
                runtime = runtime != null ? runtime : marker[1];
                strong = true;
            }
            String[] storage = rootStorage(facts.selfMountinfo());
            if (storage != null) {
                evidence.add(storage[0]);
                runtime = runtime != null ? runtime : storage[1];
                strong = true;
            }
            String pid1 = trimmed(facts.pid1Comm());
            if (pid1 != null && CONTAINER_INITS.contains(pid1)) {
                evidence.add("PID 1 is " + pid1 + ", a container init");
                strong = true;
            }
            if (facts.dockerenv()) {
                evidence.add("/.dockerenv exists");
                runtime = runtime != null ? runtime : "docker";
            }
            // A gVisor sandbox shows the engine's markers too; the runtime that isolates is what a reader compares.
            String gvisorImage = match(GVISOR_CMDLINE, facts.kernelCmdline());
            if (gvisorImage != null) {
                evidence.add("kernel command line is gVisor's (BOOT_IMAGE=" + gvisorImage + ")");
                runtime = "gvisor";
                strong = true;
            }
            if (evidence.isEmpty()) {
                return new Container("none", List.of(), WEAK);
            }
            if (!strong) {
                evidence.addAll(counterEvidence(facts, pid1));
            }
            return new Container(runtime != null ? runtime : "unknown", evidence, strong ? STRONG : WEAK);
        }

        /** Why weak markers were not believed, so that a reader of the fingerprint can judge. */
        private static List<String> counterEvidence(SystemFacts facts, String pid1) {
            List<String> against = new ArrayList<>();
            String init = match(INIT, facts.kernelCmdline());
            String initName = init == null ? null : init.substring(init.lastIndexOf('/') + 1);
            if (pid1 != null && initName != null && truncatedComm(initName).equals(pid1)) {
                against.add("but PID 1 is " + pid1 + ", the init the kernel command line names");
            } else if (pid1 != null && MACHINE_INITS.contains(pid1)) {
                against.add("but PID 1 is " + pid1 + ", a machine's init");
            } else if (pid1 != null) {
                against.add("PID 1 is " + pid1);
            }
            if (facts.selfCgroup() != null) {
                against.add("cgroup paths name no container");
            }
            String rootFs = rootFilesystem(facts.selfMountinfo());
            if (rootFs != null && !rootFs.startsWith("overlay")) {
                against.add("root filesystem is " + rootFs);
            }
            return against;
        }

        private static String[] cgroupMarker(String cgroup) {
            if (cgroup == null) {
                return null;
            }
            for (String line : cgroup.split("\n")) {
                String[] parts = line.split(":", 3);
                String path = parts.length == 3 ? parts[2] : line;
                for (String[] marker : CGROUP_MARKERS) {
                    if (path.contains(marker[0])) {
                        return new String[] {path.trim(), marker[1]};
                    }
                }
            }
            return null;
        }

        /** An overlay root or a bind-mounted /etc/hostname from a container engine's storage. */
        private static String[] rootStorage(String mountinfo) {
            if (mountinfo == null) {
                return null;
            }
            for (String line : mountinfo.split("\n")) {
                String[] fields = line.split(" ");
                if (fields.length < 5) {
                    continue;
                }
                String root = fields[3];
                String mountPoint = fields[4];
                if (mountPoint.equals("/") && line.contains(" - overlay ")) {
                    if (line.contains("/var/lib/docker/")) {
                        return new String[] {"root filesystem is an overlay in /var/lib/docker", "docker"};
                    }
                    if (line.contains("/containers/storage/")) {
                        return new String[] {"root filesystem is an overlay in containers/storage", "podman"};
                    }
                }
                if (mountPoint.equals("/etc/hostname") && root.contains("/containers/")) {
                    String runtime = root.contains("/docker/") ? "docker" : root.contains("/storage/") ? "podman"
                            : "unknown";
                    return new String[] {"/etc/hostname is bind-mounted from " + root, runtime};
                }
            }
            return null;
        }

        private static String rootFilesystem(String mountinfo) {
            if (mountinfo == null) {
                return null;
            }
            for (String line : mountinfo.split("\n")) {
                String[] fields = line.split(" ");
                int separator = line.indexOf(" - ");
                if (fields.length >= 5 && fields[4].equals("/") && separator >= 0) {
                    String[] after = line.substring(separator + 3).split(" ");
                    return after.length >= 2 ? after[0] + " on " + after[1] : after[0];
                }
            }
            return null;
        }

        /** The kernel keeps 15 characters of a command name in {@code comm}. */
        private static String truncatedComm(String name) {
            return name.length() > 15 ? name.substring(0, 15) : name;
        }
    }

    static List<String> cpuFlags(String cpuinfo) {
        String line = firstField(cpuinfo, "flags");
        return line == null ? List.of() : List.of(line.split("\\s+"));
    }

    static String cpuModel(String cpuinfo) {
        return firstField(cpuinfo, "model name");
    }

    private static String firstField(String cpuinfo, String key) {
        if (cpuinfo == null) {
            return null;
        }
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String match(Pattern pattern, String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String trimmed(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.trim();
    }
}
