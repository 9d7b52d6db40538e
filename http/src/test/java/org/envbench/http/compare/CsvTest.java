package org.envbench.http.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @Test
    void decimalPointWhateverTheLocaleAndQuotingRoundTrips(@TempDir Path dir) throws IOException {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            Path file = dir.resolve("t.csv");
            Csv.write(file, List.of("a", "b", "c", "d"),
                    List.of(Arrays.asList(1234.5, "x, \"y\"", null, 1e-7)));
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertEquals("a,b,c,d\n1234.5,\"x, \"\"y\"\"\",,0.0000001\n", text);
            assertEquals("x, \"y\"", Csv.parse(text).get(0).get("b"));
            assertEquals(1, Files.list(dir).count(), "no temporary file left");
        } finally {
            Locale.setDefault(saved);
        }
    }
}
