package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A type without a handler is answered by the default fallback with UNKNOWN_TYPE; binary frames with UNSUPPORTED_FRAME. */
class UnknownTypeIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unknownTypeGetsUnknownTypeWithReplyToAndStaysOpen() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            JsonObject error = client.send("chat.sned", "42", null).nextError("UNKNOWN_TYPE");
            assertEquals("42", error.getString("reply_to"));
            assertTrue(error.getJsonObject("data").getString("error_message").contains("chat.sned"));
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }

    @Test
    void binaryFrameGetsUnsupportedFrameAndStaysOpen() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.sendBinary(new byte[] {1, 2, 3}).nextError("UNSUPPORTED_FRAME");
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }
}
