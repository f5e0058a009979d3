package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.FrameHandler;
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

/** The frames of one connection reach the handler one at a time, in arrival order, though workers are shared. */
class FrameOrderIT {
    private static final int FRAMES = 200;
    private static final List<Integer> HANDLED = new CopyOnWriteArrayList<>();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.handlerThreads(8), g -> g.handler(FrameHandler.of("seq", JsonObject.class, (d, ctx) -> {
            int n = d.getInt("n");
            if (n % 7 == 0) {
                Thread.sleep(1); // give a later frame a chance to overtake, were ordering broken
            }
            HANDLED.add(n);
            ctx.reply("seq", Map.of("n", n));
        })));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void framesAreHandledAndAnsweredInArrivalOrder() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            for (int n = 0; n < FRAMES; n++) {
                client.send("seq", "s" + n, Json.createObjectBuilder().add("n", n).build());
            }
            for (int n = 0; n < FRAMES; n++) {
                JsonObject reply = client.next();
                assertEquals("s" + n, reply.getString("reply_to"), reply.toString());
                assertEquals(n, reply.getJsonObject("data").getInt("n"));
            }
            assertEquals(IntStream.range(0, FRAMES).boxed().toList(), HANDLED);
            client.assertNothingWithin(Duration.ofMillis(100));
        }
    }
}
