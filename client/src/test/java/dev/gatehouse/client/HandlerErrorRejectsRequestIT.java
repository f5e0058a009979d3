package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.ConnectedClient;
import dev.gatehouse.client.harness.Waits;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

class HandlerErrorRejectsRequestIT extends ConnectedClient {

    @Test
    void handlerThatThrowsRejectsWithHandlerErrorAndTheConnectionStaysUsable() {
        ErrorReplyException e = assertInstanceOf(ErrorReplyException.class, Waits.failure(client.request("boom", null)));
        assertEquals(Protocol.HANDLER_ERROR, e.reply().errorCode());
        assertTrue(e.reply().replyTo().isPresent());
        assertFalse(e.reply().message().contains("boom, as asked"), "no exception text leaks: " + e.reply().message());
        assertEquals(e.reply(), events.next("error"));

        Frame after = Waits.await(client.request("echo", Json.createObjectBuilder().add("x", "still").build()));
        assertEquals("still", after.data().getString("x"));
        assertEquals(GatehouseClient.State.READY, client.state());
        assertEquals(0, events.of("close").size());
    }
}
