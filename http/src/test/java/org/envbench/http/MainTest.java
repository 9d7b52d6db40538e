package org.envbench.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/** The command line: serve is the default, and a bad option or value gives its message, the usage and status 2. */
class MainTest {

    @Test
    void noSubcommandMeansServe() {
        assertArrayEquals(new String[] {"serve"}, Main.withDefaultCommand(new String[0]));
        assertArrayEquals(new String[] {"serve", "--port", "0"}, Main.withDefaultCommand(new String[] {"--port", "0"}));
        assertArrayEquals(new String[] {"fingerprint"}, Main.withDefaultCommand(new String[] {"fingerprint"}));
        assertArrayEquals(new String[] {"--version"}, Main.withDefaultCommand(new String[] {"--version"}));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port abc           | Invalid value for option '--port'",
        "--port 70000         | --port must be from 0 to 65535",
        "--port -1            | --port must be from 0 to 65535",
        "--bogus              | Unknown option: '--bogus'",
        "--max-concurrent-runs 0 | --max-concurrent-runs must be at least 1",
        "--grace soon         | is not a duration",
        "--max-run-time 0s    | --max-run-time must be more than 0",
        "--access-log xml     | Invalid value for option '--access-log'",
        "--scratch /nonexistent/envbench | --scratch must be a writable folder, got /nonexistent/envbench, which does not exist",
        "serve extra          | Unmatched argument",
    })
    void badOptionPrintsWhatWasWrongAndUsageAndExitsTwo(String args, String message) {
        Cli cli = Cli.run(Main.withDefaultCommand(args.trim().split("\\s+")));
        assertEquals(2, cli.status(), cli.err());
        assertTrue(cli.err().contains(message), cli.err());
        assertTrue(cli.err().contains("Usage: envbench"), cli.err());
    }

    @Test
    void fingerprintPrintsTheDetectedEnvironmentAsJson() throws Exception {
        Cli cli = Cli.run("fingerprint");
        assertEquals(0, cli.status(), cli.err());
        JsonNode fingerprint = new ObjectMapper().readTree(cli.out());
        assertTrue(List.of("bare", "vm", "container").contains(fingerprint.get("kind").asText()), cli.out());
        assertTrue(fingerprint.get("logicalCpus").asInt() > 0);
        assertTrue(fingerprint.has("layers"));
    }

    @Test
    void gracePeriodsReadAsPeopleWriteThem() {
        ServeCommand.DurationConverter converter = new ServeCommand.DurationConverter();
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
        assertEquals(Duration.ofSeconds(7), converter.convert("7"));
    }
}
