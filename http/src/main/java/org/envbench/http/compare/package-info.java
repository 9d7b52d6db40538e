/**
 * {@code compare}: one command that starts the server in every environment and measures each the same way.
 * {@link org.envbench.http.compare.Comparison} puts the phases in order (start, warm-up, rounds, load, JMH, stop),
 * each phase is one class, and the results folder is written by {@code org.envbench.http.results} from a
 * {@code RunRecord}; DESIGN.md ("How compare measures") gives every decision and the class that owns it.
 *
 * <p>Principles a reader of the results relies on:
 * <ul>
 *   <li><b>Interleaving.</b> All environments stay up; the rounds take them in turn
 *   ({@link org.envbench.http.compare.MeasurementPlan}), so that drift of a shared machine hits all alike.</li>
 *   <li><b>Alone in its turn.</b> The environments not being measured are stopped (SIGSTOP) during another's
 *   turn ({@link org.envbench.http.compare.Freezer}): an environment that waits is not idle.</li>
 *   <li><b>Warm, then the same work everywhere.</b> Untimed runs until they stop getting faster, then the same
 *   iteration count per {@code /run} in every environment ({@link org.envbench.http.compare.WarmupPolicy}).</li>
 *   <li><b>Faults are results.</b> An environment that fails is recorded as failed with the reason and the others
 *   go on; a signal writes what was complete, every file whole.</li>
 * </ul>
 */
package org.envbench.http.compare;
