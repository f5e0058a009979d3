package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A replacement fallback that throws is answered with HANDLER_ERROR, not UNKNOWN_TYPE, and the connection stays open. */
class ThrowingFallbackIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g.fallback((envelope, ctx) -> {
            throw new IllegalStateException("db-password-hunter2");
        }));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void throwingFallbackGetsHandlerErrorAndStaysOpen() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            JsonObject error = client.send("whatever", "w1", null).nextError("HANDLER_ERROR");
            assertEquals("w1", error.getString("reply_to"));
            HandlerFailureIT.assertNoInternals(error);
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }
}
