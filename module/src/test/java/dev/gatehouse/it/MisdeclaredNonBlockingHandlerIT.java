package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.MessageHandler;
import dev.gatehouse.testkit.Neighbour;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A handler wrongly declared non-blocking that sleeps 3 s, hit by many connections at once, holds at
 * most the server's few inline slots of the container's reading threads: a newcomer is welcomed at
 * once, a neighbour's echoes stay prompt, and every frame of the mistaken handler is still answered.
 */
class MisdeclaredNonBlockingHandlerIT {
    private static final int CALLERS = 16;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g
                .handler(MessageHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d)))
                .handler(MessageHandler.nonBlocking("sleepy", JsonObject.class, (d, ctx) -> {
                    Thread.sleep(3000); // declared non-blocking, but blocks
                    ctx.reply("sleepy", null);
                })));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void manyCallsOfAMistakenNonBlockingHandlerLeaveHandshakesAndNeighboursAlone() {
        List<TestClient> callers = new ArrayList<>();
        try (Neighbour neighbour = new Neighbour(TestClient.connectWelcomed(server.uri(), TestServer.token("neighbour")),
                Neighbour.Trip.ECHO)) {
            for (int i = 0; i < CALLERS; i++) {
                callers.add(TestClient.connectWelcomed(server.uri(), TestServer.token("caller" + i)));
            }
            neighbour.startScenario();
            callers.forEach(c -> c.send("sleepy", "s", null));

            long start = System.nanoTime();
            try (TestClient newcomer = TestClient.connectWelcomed(server.uri(), TestServer.token("newcomer"))) {
                long welcomedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(welcomedMillis < 1000, "the newcomer was welcomed after " + welcomedMillis + " ms");
                newcomer.send("echo", "n", null);
                assertEquals("n", newcomer.next().getString("reply_to"));
            }
            neighbour.assertHealthy(Duration.ofMillis(500));
            for (TestClient caller : callers) {
                assertEquals("s", caller.next(Duration.ofSeconds(10)).getString("reply_to"), "still answered");
            }
        } finally {
            callers.forEach(TestClient::close);
        }
    }
}
