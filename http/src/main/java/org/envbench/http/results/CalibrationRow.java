package org.envbench.http.results;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code calibration.csv} (written with {@code compare --calibrate}): one check of a measured ratio
 * against the ratio a calibration container must give.
 *
 * @param verdict {@code PASS}, {@code FAIL} or {@code NO DATA}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CalibrationRow(String env, String kernel, long size, double expectedRatio, double measuredRatio,
                             double ratioLow, double ratioHigh, String verdict) {
}
