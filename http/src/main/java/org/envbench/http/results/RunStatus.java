package org.envbench.http.results;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a comparison ended, as run.json's {@code status} says it. */
public enum RunStatus {
    COMPLETE, INTERRUPTED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
