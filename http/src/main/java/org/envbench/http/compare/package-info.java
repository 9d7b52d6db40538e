/**
 * {@code compare}: one command that starts the server in every environment and measures each the same way.
 *
 * <p>Decisions a reader of the results needs:
 * <ul>
 *   <li><b>kernels.csv rows.</b> With {@code source=http} a row is one sample: one {@code /run} repetition,
 *   {@code samples} = kernel iterations inside it, score as the server computed it from its own timing,
 *   {@code round} and {@code repetition} say when, {@code score_error} is empty. With {@code source=jmh} a row is
 *   JMH's aggregate for one benchmark and parameter set ({@code samples} = measurement iterations over all forks,
 *   {@code score_error} = JMH's 99.9% half-width).</li>
 *   <li><b>Interleaving.</b> All environments stay up; each round runs every kernel and size in every
 *   environment in turn (bare, container, vm, bare, ...), so that drift of a shared machine hits all alike.
 *   Untimed warm-up runs come first.</li>
 *   <li><b>Ratios.</b> Relative performance to bare, as the notebook computes it: mean score / mean score of bare,
 *   inverted for lower-is-better units (latency), so below 1 is slower. The 95% interval is a percentile bootstrap
 *   (2000 resamples, fixed seed) over the repetitions. When the host's own fingerprint says it is a VM, reports
 *   say "host (itself a VM) vs +1 layer", never "bare metal".</li>
 *   <li><b>CPUs.</b> With CPUs to spare, every environment's server is pinned to the last {@code ceil(--cpus)}
 *   CPUs and the load generator (a child {@code load} JVM) to the others; on 2 cores with {@code --cpus 1}:
 *   server on CPU 1, load on CPU 0. The bare JVM gets the budget as {@code -XX:ActiveProcessorCount} and
 *   {@code -XX:MaxRAM}, and every JVM a fixed heap of a quarter of the budget ({@code -Xms} = {@code -Xmx}; the same
 *   flags go to every environment); memory is not enforced on bare.</li>
 *   <li><b>Faults.</b> An environment that fails is stopped and marked {@code failed} with the reason in
 *   environments.csv; the others go on and exit status is 1. A kernel the server refuses (4xx, or 501 for a
 *   kernel the build lacks) is left out for that environment with a note.</li>
 *   <li><b>Interruption.</b> On SIGTERM or Ctrl-C a shutdown hook stops every environment, then writes what was
 *   measured so far: every file whole (temporary name, then rename), run.json {@code status=interrupted},
 *   environments {@code interrupted}; every kernels.csv row is a complete {@code /run}.</li>
 * </ul>
 */
package org.envbench.http.compare;
