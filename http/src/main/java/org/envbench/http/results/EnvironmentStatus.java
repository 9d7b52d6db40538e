package org.envbench.http.results;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What happened to one environment of a comparison. {@code pending} and {@code running} exist only while the run
 * lasts; environments.csv holds one of the last four.
 */
public enum EnvironmentStatus {
    PENDING, RUNNING, OK, FAILED, SKIPPED, INTERRUPTED;

    /** The value of environments.csv's {@code status} column. */
    @JsonValue
    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
