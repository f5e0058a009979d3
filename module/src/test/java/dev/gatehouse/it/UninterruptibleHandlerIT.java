package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.Neighbour;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.Uninterruptibly;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A handler that ignores interrupts (as a JDBC read without a query timeout does) costs its own
 * frames' answers, at their limit, and nothing else: every frame of it is answered
 * {@code HANDLER_TIMEOUT} at the limit while its thread is still stuck, the connection's next frame
 * is handled at once, a newcomer is welcomed at once, and a neighbour's echoes, through the same
 * pool, stay prompt.
 */
class UninterruptibleHandlerIT {
    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final int STUCK = 12;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.handlerTimeout(LIMIT), g -> g
                .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))
                .handler(FrameHandler.of("stuck", JsonObject.class, (d, ctx) -> Uninterruptibly.await(RELEASE))));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.close();
    }

    @Test
    void everyStuckFrameIsAnsweredAtItsLimitTheNextFramesGoOnAndANeighbourStaysPrompt() throws Exception {
        List<TestClient> clients = new ArrayList<>();
        try (Neighbour neighbour = new Neighbour(TestClient.connectWelcomed(server.uri(), TestServer.token("neighbour")),
                Neighbour.Trip.ECHO)) {
            for (int i = 0; i < STUCK; i++) {
                clients.add(TestClient.connectWelcomed(server.uri(), TestServer.token("user" + i)));
            }
            neighbour.startScenario();
            long sent = System.nanoTime();
            for (TestClient client : clients) {
                client.send("stuck", "s", null);
                client.send("echo", "e", null);
            }
            for (TestClient client : clients) {
                assertEquals("s", client.nextError("HANDLER_TIMEOUT").getString("reply_to"));
                assertEquals("e", client.next().getString("reply_to"), "the next frame did not wait for the stuck thread");
            }
            long answeredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertTrue(answeredMillis < 2500, "all " + STUCK + " answered within " + answeredMillis + " ms of a 1 s limit");
            long connecting = System.nanoTime();
            try (TestClient newcomer = TestClient.connectWelcomed(server.uri(), TestServer.token("newcomer"))) {
                long welcomedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connecting);
                assertTrue(welcomedMillis < 1000, "the newcomer was welcomed after " + welcomedMillis + " ms");
                newcomer.send("echo", "n", null);
                assertEquals("n", newcomer.next().getString("reply_to"));
            }
            neighbour.assertHealthy(Duration.ofMillis(500));
            Files.writeString(Path.of("target", "uninterruptible-neighbour.txt"),
                    neighbour.summary(STUCK + " stuck handler calls") + "\n");
        } finally {
            clients.forEach(TestClient::close);
        }
    }
}
