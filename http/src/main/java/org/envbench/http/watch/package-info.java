/**
 * What {@code compare} watches around its measurements, apart from the measurements themselves: the CPU that ran
 * outside the measured environment during a turn ({@link org.envbench.http.watch.InterferenceMeter}), what killed
 * earlier runs left running ({@link org.envbench.http.watch.RunMarker}, {@link org.envbench.http.watch.Reaper}),
 * and the checks worth making before anything is measured ({@link org.envbench.http.watch.Preflight}). Linux only:
 * everything here reads {@code /proc}.
 */
package org.envbench.http.watch;
