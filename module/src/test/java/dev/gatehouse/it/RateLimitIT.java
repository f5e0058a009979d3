package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code rateLimit(5)}: a burst beyond five frames gets RATE_LIMITED for the excess; the connection stays open. */
class RateLimitIT {
    private static final int SENT = 15;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.rateLimit(5),
                g -> g.handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void framesBeyondTheBurstAreRateLimitedAndTheConnectionStaysOpen() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            for (int i = 0; i < SENT; i++) {
                client.send("echo", "e" + i, null);
            }
            int echoed = 0;
            int limited = 0;
            Set<String> answered = new HashSet<>();
            for (int i = 0; i < SENT; i++) {
                JsonObject frame = client.next();
                answered.add(frame.getString("reply_to"));
                if (frame.getString("type").equals("echo")) {
                    echoed++;
                } else {
                    assertEquals("RATE_LIMITED", frame.getJsonObject("data").getString("error_code"), frame.toString());
                    assertTrue(frame.getJsonObject("data").getBoolean("retryable"));
                    limited++;
                }
            }
            assertEquals(SENT, answered.size(), "every frame answered exactly once");
            assertTrue(echoed >= 5, "the burst of five must pass, echoed " + echoed);
            assertTrue(limited >= 1, "frames beyond the burst must be limited, echoed " + echoed);
            client.assertOpen();
            client.assertNothingWithin(Duration.ofMillis(100));
        }
    }
}
