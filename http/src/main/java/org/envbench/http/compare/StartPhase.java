package org.envbench.http.compare;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import org.envbench.http.results.EnvironmentStatus;

/**
 * Starts every pending environment in turn and reads what it is ({@code /status}) and what it costs idle; then
 * notes, loudly, when the environments run different JVM builds.
 */
record StartPhase(ComparisonState state) {

    /** How long a started server is left alone before its idle memory is read. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    void run() {
        state.phase = "starting environments";
        for (EnvironmentUnderTest env : state.envs) {
            if (env.status != EnvironmentStatus.PENDING || state.stopping()) {
                continue;
            }
            if (!start(env)) {
                return;
            }
        }
        checkSameJvm();
    }

    /** False when interrupted. */
    private boolean start(EnvironmentUnderTest env) {
        state.err.println("compare: starting " + env.label + " (timeout " + env.startTimeout.toSeconds() + " s)");
        try {
            env.status = EnvironmentStatus.RUNNING;
            env.started = env.environment.start(env.budget, env.startTimeout);
            env.client = new ServerClient(env.started.baseUri(), RUN_TIMEOUT);
            Thread.sleep(SETTLE.toMillis());
            env.serverStatus = env.client.status();
            env.idleRssBytes = env.serverStatus.process() == null ? null : env.serverStatus.process().rssBytes();
            OptionalLong hostRss = env.environment.hostResidentBytes();
            env.hostRssBytes = hostRss.isPresent() ? hostRss.getAsLong() : null;
            state.err.printf(Locale.ROOT, "compare: %s healthy after %.2f s at %s (%s)%n", env.label,
                    env.started.launchToHealthySeconds(), env.started.baseUri(), env.started.detail());
        } catch (IOException | RuntimeException e) {
            state.fail(env, "did not start: " + ComparisonState.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.fail(env, "interrupted while starting");
            return false;
        }
        return true;
    }

    /**
     * A newer JIT or intrinsic in one environment shows as that environment's gain or loss, so different JVM
     * builds are named in the notes with what to do about it.
     */
    private void checkSameJvm() {
        Map<String, String> versions = new LinkedHashMap<>();
        for (EnvironmentUnderTest env : state.running()) {
            String version = EnvironmentRows.javaVersion(env);
            if (version != null && !version.isEmpty()) {
                versions.put(env.label, version);
            }
        }
        if (new HashSet<>(versions.values()).size() > 1) {
            state.note("WARNING the environments run different JVM builds " + versions + ": part of each difference "
                    + "is the JVM's, not the environment's. Install the same build everywhere (Debian: apt-get "
                    + "install --only-upgrade openjdk-17-jre-headless on the host; container/base-image.sh --force, "
                    + "and removing vm/.cache, rebuild the images from the current packages)");
        }
    }
}
