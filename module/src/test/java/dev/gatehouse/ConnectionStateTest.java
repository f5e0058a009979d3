package dev.gatehouse;

import static dev.gatehouse.ConnectionState.AUTHENTICATED;
import static dev.gatehouse.ConnectionState.CLOSED;
import static dev.gatehouse.ConnectionState.CLOSING;
import static dev.gatehouse.ConnectionState.CONNECTING;
import static dev.gatehouse.ConnectionState.OPEN;
import static dev.gatehouse.ConnectionState.READY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every one of the 36 (from, to) pairs against the documented state machine. */
class ConnectionStateTest {
    /** The legal steps, written out by hand from the class comment. */
    private static final Set<List<ConnectionState>> LEGAL = Set.of(
            List.of(CONNECTING, AUTHENTICATED),
            List.of(AUTHENTICATED, OPEN),
            List.of(OPEN, READY),
            List.of(CONNECTING, CLOSING),
            List.of(AUTHENTICATED, CLOSING),
            List.of(OPEN, CLOSING),
            List.of(READY, CLOSING),
            List.of(CONNECTING, CLOSED),
            List.of(AUTHENTICATED, CLOSED),
            List.of(OPEN, CLOSED),
            List.of(READY, CLOSED),
            List.of(CLOSING, CLOSED));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (ConnectionState from : ConnectionState.values()) {
            for (ConnectionState to : ConnectionState.values()) {
                pairs.add(Arguments.of(from, to, LEGAL.contains(List.of(from, to))));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void onlyDocumentedStepsAreLegal(ConnectionState from, ConnectionState to, boolean legal) {
        assertEquals(legal, from.canMoveTo(to));
    }
}
