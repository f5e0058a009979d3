package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.MessageHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A handler declared non-blocking runs on the container's thread that read its frame, in arrival
 * order with the connection's other frames; a plain handler runs on a Gatehouse worker; a
 * non-blocking handler that turns out slow once is moved to the workers and its frames still answered.
 */
class NonBlockingHandlerIT {
    private static final List<Integer> ORDER = new CopyOnWriteArrayList<>();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.handlerThreads(4), g -> g
                .handler(MessageHandler.nonBlocking("quick", JsonObject.class, (d, ctx) -> {
                    ORDER.add(d.getInt("n"));
                    ctx.reply("quick", Map.of("thread", Thread.currentThread().getName()));
                }))
                .handler(MessageHandler.of("plain", JsonObject.class, (d, ctx) -> {
                    ORDER.add(d.getInt("n"));
                    ctx.reply("plain", Map.of("thread", Thread.currentThread().getName()));
                }))
                .handler(MessageHandler.nonBlocking("mistaken", JsonObject.class, (d, ctx) -> {
                    Thread.sleep(60); // declared non-blocking, but blocks longer than the 50 ms it may take
                    ctx.reply("mistaken", Map.of("thread", Thread.currentThread().getName()));
                })));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void nonBlockingHandlerRunsOnTheReadingThreadAndAPlainOneOnAWorker() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            // A frame may still find the queue busy (replayed early frames, a worker finishing): most run inline.
            List<String> quick = IntStream.range(0, 20).mapToObj(n -> threadOf(client, "quick", n)).toList();
            assertTrue(quick.stream().anyMatch(t -> !t.startsWith("gatehouse-worker")), () -> "no hand-off: " + quick);
            List<String> plain = IntStream.range(0, 5).mapToObj(n -> threadOf(client, "plain", n)).toList();
            assertTrue(plain.stream().allMatch(t -> t.startsWith("gatehouse-worker")), () -> "workers: " + plain);
        }
    }

    @Test
    void nonBlockingAndPlainFramesOfOneConnectionAreHandledInArrivalOrder() {
        ORDER.clear();
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("bob"))) {
            for (int n = 0; n < 200; n++) {
                client.send(n % 3 == 0 ? "plain" : "quick", "m" + n, Json.createObjectBuilder().add("n", n).build());
            }
            for (int n = 0; n < 200; n++) {
                assertEquals("m" + n, client.next().getString("reply_to"));
            }
            assertEquals(IntStream.range(0, 200).boxed().toList(), ORDER);
        }
    }

    @Test
    void slowNonBlockingHandlerIsMovedToTheWorkersAndStillAnswered() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("carol"))) {
            threadOf(client, "mistaken", 0); // takes 60 ms: the first slow call moves it
            assertTrue(threadOf(client, "mistaken", 1).startsWith("gatehouse-worker"));
            client.assertNothingWithin(Duration.ofMillis(100));
        }
    }

    private static String threadOf(TestClient client, String type, int n) {
        client.send(type, type + n, Json.createObjectBuilder().add("n", n).build());
        JsonObject reply = client.next();
        assertEquals(type + n, reply.getString("reply_to"), reply.toString());
        return reply.getJsonObject("data").getString("thread");
    }
}
