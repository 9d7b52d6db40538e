package org.envbench.http.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "2m, 120000", "1h, 3600000", "1.5s, 1500", "0s, 0"})
    void readsTheUsualForms(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationConverter.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "-5s", "5 sec", "s", "1d", ""})
    void refusesAnythingElse(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> DurationConverter.parse(text));
        assertEquals(true, e.getMessage().contains("for example 500ms, 30s"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"500, 500ms", "30000, 30s", "120000, 2m", "90000, 90s"})
    void writesTheShortestForm(long millis, String text) {
        assertEquals(text, DurationConverter.format(Duration.ofMillis(millis)));
    }
}
