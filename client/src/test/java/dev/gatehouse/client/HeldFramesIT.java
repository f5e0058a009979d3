package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.client.harness.ServerPerClass;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import jakarta.json.Json;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HeldFramesIT extends ServerPerClass {
    @Test
    void framesSentBeforeTheWelcomeAreHeldAndArriveInOrder() {
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).build();
        List<Integer> echoed = new CopyOnWriteArrayList<>();
        client.on("echo", f -> echoed.add(f.data().getInt("n")));
        IntStream.range(0, 20).forEach(n -> client.send("echo", Json.createObjectBuilder().add("n", n).build()));
        CompletableFuture<Frame> last = client.request("echo", Json.createObjectBuilder().add("n", 20).build());
        try {
            Waits.await(client.connect());
            assertEquals(20, Waits.await(last).data().getInt("n"));
            assertEquals(IntStream.rangeClosed(0, 20).boxed().toList(), echoed);
        } finally {
            Waits.await(client.close());
        }
    }

    @Test
    void beyondTheBoundSendFailsAtOnceAndNothingHeldIsDropped() {
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice"))
                .maxHeldFrames(3).build();
        List<Integer> echoed = new CopyOnWriteArrayList<>();
        client.on("echo", f -> echoed.add(f.data().getInt("n")));
        IntStream.range(0, 3).forEach(n -> client.send("echo", Json.createObjectBuilder().add("n", n).build()));
        assertThrows(HeldFramesFullException.class, () -> client.send("echo", Json.createObjectBuilder().add("n", 3).build()));
        assertThrows(HeldFramesFullException.class, () -> client.request("echo", null));
        try {
            Waits.await(client.connect());
            Waits.until("three echoes", () -> echoed.size() == 3);
            Waits.await(client.request("echo", Json.createObjectBuilder().add("n", 9).build()));
            assertEquals(List.of(0, 1, 2, 9), echoed);
        } finally {
            Waits.await(client.close());
        }
    }
}
