package org.envbench.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.envbench.core.cpu.Deflate;
import org.envbench.core.cpu.LongSort;
import org.envbench.core.cpu.MatrixMultiply;
import org.envbench.core.cpu.PrimeSieve;
import org.envbench.core.cpu.Sha256;
import org.envbench.core.io.FileRead;
import org.envbench.core.io.FileWriteSync;
import org.envbench.core.memory.AllocationChurn;
import org.envbench.core.memory.PointerChase;
import org.envbench.core.memory.StreamAdd;
import org.envbench.core.memory.StreamCopy;
import org.envbench.core.memory.StreamScale;
import org.envbench.core.memory.StreamTriad;
import org.envbench.core.network.TcpRoundTrip;
import org.envbench.core.os.ClockRead;
import org.envbench.core.os.PageFault;
import org.envbench.core.os.ProcessStart;
import org.envbench.core.os.SystemCall;
import org.envbench.core.os.ThreadWakeup;

/**
 * The catalog: every kernel envbench measures, in a fixed order, grouped by the resource it stresses (cpu, memory,
 * os, io, network). JMH, HTTP and the docs are checked against it. Adding a kernel is its class and one line here.
 */
public final class Kernels {

    private static final Map<String, Kernel> BY_NAME = index(List.of(
            new Sha256(),
            new PrimeSieve(),
            new MatrixMultiply(),
            new Deflate(),
            new LongSort(),
            new StreamCopy(),
            new StreamScale(),
            new StreamAdd(),
            new StreamTriad(),
            new PointerChase(),
            new AllocationChurn(),
            new SystemCall(),
            new ClockRead(),
            new PageFault(),
            new ThreadWakeup(),
            new ProcessStart(),
            new FileWriteSync(),
            new FileRead(),
            new TcpRoundTrip()));

    private Kernels() {
    }

    /** Every kernel in catalog order: CPU kernels first, then memory, os, io and network. */
    public static List<Kernel> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The kernel called {@code name}.
     *
     * @throws UnknownKernelException naming the known kernels, if there is none of that name
     */
    public static Kernel byName(String name) {
        Kernel kernel = BY_NAME.get(name);
        if (kernel == null) {
            throw new UnknownKernelException(name, names());
        }
        return kernel;
    }

    private static Map<String, Kernel> index(List<Kernel> kernels) {
        Map<String, Kernel> byName = new LinkedHashMap<>();
        for (Kernel kernel : kernels) {
            if (byName.put(kernel.name(), kernel) != null) {
                throw new IllegalStateException("two kernels named " + kernel.name());
            }
        }
        return byName;
    }
}
