package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gatehouse.client.harness.ConnectedClient;
import dev.gatehouse.client.harness.Waits;
import jakarta.json.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestTimeoutIT extends ConnectedClient {

    @Test
    void noAnswerInTimeRejectsWithTimeoutAndTheLateAnswerResolvesNothing() {
        Throwable failure = Waits.failure(client.request("slow", Json.createObjectBuilder().add("ms", 1500).build(),
                Duration.ofMillis(200)));
        assertInstanceOf(RequestTimeoutException.class, failure);
        // the slow handler holds this connection's next frame until it is done: the echo comes after slow.done
        Waits.await(client.request("echo", null));
        assertEquals(1, events.of("frame").stream().filter(e -> ((Frame) e.value()).type().equals("slow.done")).count());
        assertEquals(GatehouseClient.State.READY, client.state());
    }
}
