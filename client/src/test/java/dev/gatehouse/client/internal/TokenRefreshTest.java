package dev.gatehouse.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.client.Frame;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-band refresh: only news goes out, and only an accepted token becomes the session's. */
class TokenRefreshTest {
    private final AtomicLong counter = new AtomicLong();
    private final Supplier<String> ids = () -> Long.toString(counter.incrementAndGet());
    private final TokenRefresh refresh = new TokenRefresh();

    @BeforeEach
    void welcomed() {
        refresh.welcomedLocked("first");
    }

    @Test
    void sessionsOwnTokenIsNotSentAgain() {

        assertEquals(Optional.empty(), refresh.startLocked("first", ids));
        assertEquals(Optional.of("1"), refresh.startLocked("second", ids));
    }

    @Test
    void tokenInFlightIsNotSentTwice() {
        refresh.startLocked("second", ids);

        assertEquals(Optional.empty(), refresh.startLocked("second", ids));
    }

    @Test
    void acceptedTokenBecomesTheSessions() {
        refresh.startLocked("second", ids);
        refresh.refreshedLocked();

        assertEquals(Optional.empty(), refresh.startLocked("second", ids));
        assertEquals(Optional.of("2"), refresh.startLocked("first", ids));
    }

    @Test
    void refusedRefreshLeavesTheSessionsToken() {
        refresh.startLocked("second", ids);
        refresh.erroredLocked(errorReplyingTo("1"));

        assertEquals(Optional.empty(), refresh.startLocked("first", ids));
        assertEquals(Optional.of("2"), refresh.startLocked("second", ids));
    }

    @Test
    void errorAnsweringSomethingElseLeavesTheRefreshInFlight() {
        refresh.startLocked("second", ids);
        refresh.erroredLocked(errorReplyingTo("7"));

        assertEquals(Optional.empty(), refresh.startLocked("second", ids));
    }

    private static Frame errorReplyingTo(String id) {
        return Frames.parse("{\"type\":\"error_message\",\"reply_to\":\"" + id + "\",\"data\":{}}").orElseThrow();
    }
}
