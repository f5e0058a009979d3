package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ping} is answered even when every handler worker is blocked (PROTOCOL.md §3.3). */
class PingWhileHandlersBlockedIT {
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final CountDownLatch BLOCKED = new CountDownLatch(1);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.handlerThreads(1), g -> g.handler(FrameHandler.of("block", JsonObject.class, (d, ctx) -> {
            BLOCKED.countDown();
            RELEASE.await(30, TimeUnit.SECONDS);
            ctx.reply("unblocked", null);
        })));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.close();
    }

    @Test
    void pingIsAnsweredWhileTheOnlyWorkerIsBlocked() throws InterruptedException {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"));
                TestClient other = TestClient.connectWelcomed(server.uri(), TestServer.token("bob"))) {
            client.send("block", "b1", null);
            assertTrue(BLOCKED.await(5, TimeUnit.SECONDS), "handler never started");
            client.assertOpen();
            other.assertOpen();
            RELEASE.countDown();
            JsonObject unblocked = client.next();
            assertEquals("unblocked", unblocked.getString("type"));
            assertEquals("b1", unblocked.getString("reply_to"));
            client.assertNothingWithin(Duration.ofMillis(100));
        }
    }
}
