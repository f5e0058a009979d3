package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client that stops reading while the server has much to send is closed with 1013 SLOW_CONSUMER. */
class SlowConsumerIT {

    @Test
    void clientThatStopsReadingIsClosedWithSlowConsumer() throws IOException, InterruptedException {
        String chunk = "x".repeat(16 * 1024);
        FrameHandler<JsonObject> flood = FrameHandler.of("flood", JsonObject.class, (data, ctx) -> {
            for (int i = 0; i < 4000 && ctx.connection().send("chunk", Map.of("x", chunk)); i++) {
                // send until the connection refuses
            }
        });
        try (TestServer server = TestServer.start(g -> g.handler(flood));
             RawWebSocket peer = RawWebSocket.connect(server.uri(), TestServer.token("slow"))) {
            assertEquals(0x1, peer.next().opcode(), "the welcome");
            peer.sendText("{\"type\":\"flood\"}");
            Thread.sleep(2000); // the slow client: reads nothing while the server sends
            RawWebSocket.Frame last = peer.next();
            int frames = 0;
            while (last.opcode() == 0x1) {
                frames++;
                last = peer.next();
            }
            assertEquals(0x8, last.opcode(), "after " + frames + " frames");
            assertEquals(1013, last.closeCode());
            assertEquals("SLOW_CONSUMER", last.closeReason());
        }
    }
}
