package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.client.harness.RecordingListener;
import dev.gatehouse.client.harness.TestGatehouse;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request/reply: the answer, a handler's failure, no handler, and no answer in time. */
class RequestReplyIT {
    private static TestGatehouse server;
    private GatehouseClient client;
    private RecordingListener events;

    @BeforeAll
    static void start() {
        server = TestGatehouse.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() {
        events = new RecordingListener();
        client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).listener(events).build();
        Waits.await(client.connect());
    }

    @AfterEach
    void close() {
        Waits.await(client.close());
    }

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
    void handlerThatThrowsRejectsWithHandlerErrorAndTheConnectionStaysUsable() {
        Throwable failure = Waits.failure(client.request("boom", null));
        ErrorReplyException e = assertInstanceOf(ErrorReplyException.class, failure);
        assertEquals(Protocol.HANDLER_ERROR, e.reply().errorCode());
        assertTrue(e.reply().replyTo().isPresent());
        assertFalse(e.reply().message().contains("boom, as asked"), "no exception text leaks: " + e.reply().message());
        ErrorReply reported = events.next("error");
        assertEquals(e.reply(), reported);

        assertEquals("still", Waits.await(client.request("echo", Json.createObjectBuilder().add("x", "still").build()))
                .data().getString("x"));
        assertEquals(GatehouseClient.State.READY, client.state());
    }

    @Test
    void unknownTypeRejectsWithUnknownType() {
        ErrorReplyException e = assertInstanceOf(ErrorReplyException.class,
                Waits.failure(client.request("no.such.type", null)));
        assertEquals(Protocol.UNKNOWN_TYPE, e.errorCode());
        assertFalse(e.reply().retryable());
    }

    @Test
    void noAnswerInTimeRejectsWithTimeoutAndALateAnswerIsIgnored() {
        Throwable failure = Waits.failure(client.request("slow", Json.createObjectBuilder().add("ms", 1500).build(),
                Duration.ofMillis(200)));
        assertInstanceOf(RequestTimeoutException.class, failure);
        // the slow handler holds this connection's next frame until it is done: the echo waits for it
        Waits.await(client.request("echo", null));
        assertEquals(1, events.of("frame").stream().filter(e -> ((Frame) e.value()).type().equals("slow.done")).count());
    }

    @Test
    void sendTextSendsAFrameAsIs() {
        client.sendText("{\"type\":\"echo\",\"id\":\"raw-1\",\"data\":{\"raw\":true}}");
        Frame frame = events.next("frame"); // the welcome
        frame = events.next("frame");
        assertEquals("raw-1", frame.replyTo().orElseThrow());
        client.sendText("not json");
        ErrorReply error = events.next("error");
        assertEquals(Protocol.MALFORMED_MESSAGE, error.errorCode());
    }
}
