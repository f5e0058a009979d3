package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.ConnectedClient;
import dev.gatehouse.client.harness.Waits;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestResolvesWithReplyIT extends ConnectedClient {

    @Test
    void requestResolvesWithTheFrameThatRepliesToIt() {
        JsonObject data = Json.createObjectBuilder().add("text", "hello").add("n", 7).build();
        Frame reply = Waits.await(client.request("echo", data));
        assertEquals("echo", reply.type());
        assertEquals(data, reply.data());
        assertTrue(reply.replyTo().isPresent());
        assertTrue(reply.timestamp().isPresent());
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswer() {
        var futures = IntStream.range(0, 50).mapToObj(n -> CompletableFuture.supplyAsync(
                () -> client.request("echo", Json.createObjectBuilder().add("n", n).build())).join()).toList();
        for (int n = 0; n < futures.size(); n++) {
            assertEquals(n, Waits.await(futures.get(n)).data().getInt("n"));
        }
    }

    @Test
    void sendTextSendsAFrameAsIs() {
        client.sendText("{\"type\":\"echo\",\"id\":\"raw-1\",\"data\":{\"raw\":true}}");
        events.next("frame"); // the welcome
        Frame frame = events.next("frame");
        assertEquals("raw-1", frame.replyTo().orElseThrow());
        client.sendText("not json");
        assertEquals(Protocol.MALFORMED_MESSAGE, events.<ErrorReply>next("error").errorCode());
    }
}
