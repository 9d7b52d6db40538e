package org.envbench.http.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** How client failures are sorted: each kind as Jetty's client reports it, wrapped as it wraps them. */
class TallyTest {

    @Test
    void sortsFailuresByTheirCauses() {
        assertEquals(Tally.Failure.CONNECT, Tally.classify(new ConnectException("Connection refused")));
        assertEquals(Tally.Failure.TIMEOUT, Tally.classify(new TimeoutException("Total timeout 5000 ms elapsed")));
        assertEquals(Tally.Failure.RESET, Tally.classify(new RuntimeException(new EOFException())));
        assertEquals(Tally.Failure.OTHER, Tally.classify(new IllegalStateException("something else")));
    }

    @Test
    void countsJettysBufferRaceOnAClosingConnectionAsAReset() {
        // Seen in LoadGeneratorTest against a server that drops connections: 2 of 15228 requests.
        IllegalArgumentException race = new IllegalArgumentException("newPosition > limit: (147 > 0)");
        assertEquals(Tally.Failure.RESET, Tally.classify(race));
        assertEquals(Tally.Failure.OTHER, Tally.classify(new IllegalArgumentException("bad port")));
    }
}
