package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flood of {@code auth_refresh} frames, with no rate limit configured, waits in the connection's
 * own bounded queue like any frame (PROTOCOL.md §4): beyond {@code gatehouse.handler.queue-limit}
 * each is answered {@code RATE_LIMITED} at once, none waits in a queue shared with other
 * connections, and the rest are answered, and applied, in the order they came.
 */
class AuthRefreshFloodIT {
    private static final int QUEUE = 16;
    private static final int FLOOD = 100;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.handlerQueueLimit(QUEUE), g -> g
                .handler(FrameHandler.of("hold", JsonObject.class, (d, ctx) -> {
                    RELEASE.await(10, TimeUnit.SECONDS); // holds the connection's turn while the flood arrives
                    ctx.reply("held", null);
                })));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.close();
    }

    @Test
    void aRefreshFloodIsBoundedByTheConnectionsQueueAndTheRestApplyInOrder() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            tokens.add(TestServer.token("alice", Duration.ofHours(1).plusSeconds(i)));
        }
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            client.send("hold", "h", null);
            for (int n = 0; n < FLOOD; n++) {
                client.send("auth_refresh", Integer.toString(n), Json.createObjectBuilder().add("token", tokens.get(n)).build());
            }
            for (int n = QUEUE; n < FLOOD; n++) {
                JsonObject refused = client.nextError("RATE_LIMITED");
                assertEquals(Integer.toString(n), refused.getString("reply_to"), "refused at once, beyond the queue");
            }
            RELEASE.countDown();
            assertEquals("h", client.next().getString("reply_to"));
            String lastExpiry = null;
            for (int n = 0; n < QUEUE; n++) {
                JsonObject refreshed = client.next();
                assertEquals(Integer.toString(n), refreshed.getString("reply_to"), "in the order they came");
                assertEquals("token_refreshed", refreshed.getJsonObject("data").getString("event"));
                lastExpiry = refreshed.getJsonObject("data").getString("expires_at");
            }
            assertEquals(lastExpiry, expiresAt(tokens.get(QUEUE - 1)), "the last one queued is the one that stands");
            client.assertOpen().assertNothingWithin(Duration.ofMillis(100));
        }
    }

    /** The {@code exp} of a compact JWT, as the server writes it. */
    private static String expiresAt(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        long exp = Json.createReader(new StringReader(payload)).readObject().getJsonNumber("exp").longValue();
        return Instant.ofEpochSecond(exp).toString();
    }
}
