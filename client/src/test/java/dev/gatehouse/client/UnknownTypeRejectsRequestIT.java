package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gatehouse.client.harness.ConnectedClient;
import dev.gatehouse.client.harness.Waits;
import org.junit.jupiter.api.Test;

class UnknownTypeRejectsRequestIT extends ConnectedClient {

    @Test
    void typeWithoutAHandlerRejectsWithUnknownType() {
        ErrorReplyException e = assertInstanceOf(ErrorReplyException.class,
                Waits.failure(client.request("no.such.type", null)));
        assertEquals(Protocol.UNKNOWN_TYPE, e.errorCode());
        assertFalse(e.reply().retryable());
        assertEquals("echo", Waits.await(client.request("echo", null)).type());
    }
}
