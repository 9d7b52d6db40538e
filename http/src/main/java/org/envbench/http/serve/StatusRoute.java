package org.envbench.http.serve;

import java.io.IOException;
import java.time.Duration;

import org.envbench.core.ToolVersion;
import org.envbench.http.wire.StatusAnswer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /status}: the fingerprint (waiting for its detection if it is still running), process figures and the
 * catalog.
 */
final class StatusRoute extends Route {

    static final Duration FINGERPRINT_WAIT = Duration.ofSeconds(30);

    StatusRoute(ServerState state) {
        super(state, "GET", "HEAD");
    }

    @Override
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FingerprintProbe.Outcome outcome = state.fingerprint.await(FINGERPRINT_WAIT);
        StatusAnswer body = new StatusAnswer(state.config.envLabel(), ToolVersion.get(), outcome.fingerprint(),
                outcome.problem(), StatusAnswer.ProcessFigures.ofThisJvm(state.startupSeconds()),
                new StatusAnswer.Runs(state.slots.capacity(), state.slots.inFlight(), state.slots.headroomBytes(),
                        state.config.maxRunTime().toMillis() / 1000.0),
                KernelsRoute.catalog(state));
        Json.write(response, 200, body);
    }
}
