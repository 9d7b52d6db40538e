package org.envbench.jmh;

import org.envbench.core.Kernel;
import org.openjdk.jmh.annotations.Fork;

/**
 * The os, io and network kernels' benchmarks: a 256 MiB heap instead of 1 GiB, since none of their workloads
 * holds more than 1 MiB of heap (page-fault's pages are mapped outside it); forks and everything else as in
 * {@link KernelBench}. A run is size operations back to back, each a real call into the operating system, so
 * there is no loop for the JIT to remove. A subclass declares only the catalog default as its {@code @Param size},
 * so that the quick suite stays short.
 */
@Fork(jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public abstract class SystemKernelBench extends KernelBench {

    protected SystemKernelBench(Kernel kernel) {
        super(kernel);
    }
}
