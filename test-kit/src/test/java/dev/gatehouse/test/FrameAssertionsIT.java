package dev.gatehouse.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.ErrorReply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/** Each frame assertion passes on the frame it names and fails, showing what came, on any other. */
class FrameAssertionsIT {
    private static final JsonObject HELLO = Json.createObjectBuilder().add("hello", "world").build();

    @RegisterExtension
    static final GatehouseExtension GATEHOUSE = GatehouseExtension.withHandlers(SampleHandlers::addTo)
            .config(Map.of("gatehouse.session.expiry-warning", "0s", "mp.jwt.verify.clock.skew", "0")); // closes at exp

    @Test
    void assertReplyReturnsTheAnswerToTheFrameWithThatId(TestConnection connection) {
        connection.send("echo", "1", HELLO);
        assertEquals(HELLO, connection.assertReply("1").data());
    }

    @Test
    void assertReplyFailsOnAnErrorAnswer(TestConnection connection) {
        connection.send("fail", "1", HELLO);
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> connection.assertReply("1"));
        assertTrue(failure.getMessage().contains("HANDLER_ERROR"), failure.getMessage());
    }

    @Test
    void assertErrorReturnsTheErrorWithItsCodeAndReplyTo(TestConnection connection) {
        connection.send("fail", "7", HELLO);
        ErrorReply error = connection.assertError("HANDLER_ERROR");
        assertEquals("7", error.replyTo().orElseThrow());
        assertFalse(error.retryable());
        connection.send("echo", "8", HELLO).assertReply("8");
    }

    @Test
    void assertErrorFailsOnAnotherCode(TestConnection connection) {
        connection.send("no.such.type", "1", HELLO);
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> connection.assertError("HANDLER_ERROR"));
        assertTrue(failure.getMessage().contains("UNKNOWN_TYPE"), failure.getMessage());
    }

    @Test
    void assertNothingWithinFailsWhenAFrameComes(TestConnection connection) {
        connection.assertNothingWithin(Duration.ofMillis(200));
        connection.send("echo", HELLO);
        AssertionError failure = assertThrows(AssertionError.class, () -> connection.assertNothingWithin(Duration.ofSeconds(5)));
        assertTrue(failure.getMessage().contains("hello"), failure.getMessage());
    }

    @Test
    void assertClosedSeesTheServersCloseWithCodeAndReason() {
        TestConnection connection = GATEHOUSE.connectWithToken(
                GATEHOUSE.tokens().token("alice").expiresIn(Duration.ofSeconds(2)).compact());
        connection.assertWelcome();
        connection.assertError("TOKEN_EXPIRED");
        connection.assertClosed(1008, "TOKEN_EXPIRED");
    }

    @Test
    void assertClosedFailsOnAFrame(TestConnection connection) {
        connection.send("echo", HELLO);
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> connection.assertClosed(1000, ""));
        assertTrue(failure.getMessage().contains("hello"), failure.getMessage());
    }

    @Test
    void malformedTextIsAnsweredAndTheConnectionKept(TestConnection connection) {
        connection.sendText("{not json");
        connection.assertError("MALFORMED_MESSAGE");
        connection.send("echo", "2", HELLO).assertReply("2");
    }

    @Test
    void assertRefusedSeesARefusedUpgradeWithItsCode() {
        TestConnection refused = GATEHOUSE.connectWithToken(GATEHOUSE.tokens().wrongSignature("mallory"));
        refused.assertRefused("INVALID_TOKEN");
        refused.assertNothingWithin(Duration.ofMillis(200));
    }

    @Test
    void assertRefusedFailsOnAConnectionThatWasWelcomed() {
        TestConnection accepted = GATEHOUSE.connectWithToken(GATEHOUSE.tokens().valid("alice"));
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> accepted.assertRefused("INVALID_TOKEN"));
        assertTrue(failure.getMessage().contains("connection_established"), failure.getMessage());
    }

    @Test
    void assertOpenPingsAndTakesThePong(TestConnection connection) {
        connection.assertOpen().assertOpen();
        connection.assertNothingWithin(Duration.ofMillis(100));
    }

    @Test
    void theWelcomeStaysReadableAfterTheClose(TestConnection connection) {
        String id = connection.welcome().connectionId();
        connection.client().close().join();
        assertEquals(id, connection.welcome().connectionId());
        assertTrue(id.startsWith("ws_"), id);
    }

    @Test
    void welcomeBeforeAssertWelcomeIsMisuse() {
        TestConnection fresh = GATEHOUSE.connectWithToken(GATEHOUSE.tokens().valid("alice"));
        assertThrows(IllegalStateException.class, fresh::welcome);
    }
}
