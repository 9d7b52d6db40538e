package org.envbench.http.results;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a comparison ended, as run.json's {@code status} says it: {@code running} from the moment compare starts
 * until it ends, so that the folder of a run killed with SIGKILL (no hook runs) still says it is incomplete.
 */
public enum RunStatus {
    RUNNING, COMPLETE, INTERRUPTED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
