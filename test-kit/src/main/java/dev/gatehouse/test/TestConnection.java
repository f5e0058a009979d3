package dev.gatehouse.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.client.CloseStatus;
import dev.gatehouse.client.ErrorReply;
import dev.gatehouse.client.Frame;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.Protocol;
import dev.gatehouse.client.ReconnectPolicy;
import dev.gatehouse.client.Welcome;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection for tests: a {@link GatehouseClient} that never reconnects and records every frame
 * and the close, in order, for assertions that take them one at a time.
 *
 * <pre>{@code
 * TestConnection alice = TestConnection.open(uri, tokens.valid("alice"));
 * alice.assertWelcome();
 * alice.send("order.place", "1", Json.createObjectBuilder().add("sku", "A-1").build());
 * alice.assertReply("1");
 * alice.send("order.place", "2", JsonValue.EMPTY_JSON_OBJECT);
 * alice.assertError("MALFORMED_MESSAGE");
 * alice.assertNothingWithin(Duration.ofMillis(200));
 * }</pre>
 *
 * <p>Every frame is recorded, replies to {@code client().request(...)} too. Assertions wait up to
 * {@link #WAIT} and fail with the frame they got instead. Thread-safe.
 */
public final class TestConnection implements AutoCloseable {
    /** How long an assertion waits for what it expects. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final GatehouseClient client;
    private final AtomicInteger pings = new AtomicInteger();
    private volatile Welcome welcome;

    private TestConnection(GatehouseClient.Builder builder) {
        this.client = builder.reconnect(ReconnectPolicy.none()).listener(new GatehouseClient.Listener() {
            @Override
            public void onFrame(Frame frame) {
                events.add(frame);
            }

            @Override
            public void onClose(CloseStatus status) {
                events.add(status);
            }
        }).build();
        client.connect();
    }

    /**
     * Connects with the token as a {@code bearer.<jwt>} subprotocol entry, as browsers do; nothing
     * is asserted yet (see {@link #assertWelcome()}).
     *
     * @param uri the endpoint
     * @param token the compact token
     * @return the connection
     */
    public static TestConnection open(URI uri, String token) {
        return open(GatehouseClient.builder(uri).token(token));
    }

    /**
     * Connects as {@link #open(URI, String)} does and asserts that the first frame is the welcome.
     *
     * @param uri the endpoint
     * @param token the compact token
     * @return the connection, its welcome taken
     */
    public static TestConnection welcomed(URI uri, String token) {
        TestConnection connection = open(uri, token);
        connection.assertWelcome();
        return connection;
    }

    /**
     * Connects with a client built from this builder (its listener and reconnect policy are the
     * connection's own).
     *
     * @param client the client's settings
     * @return the connection
     */
    public static TestConnection open(GatehouseClient.Builder client) {
        return new TestConnection(client);
    }

    /** {@return the client, for requests and for what the assertions here do not cover} */
    public GatehouseClient client() {
        return client;
    }

    /**
     * Asserts that the next frame is the welcome, and returns it.
     *
     * @return the welcome
     */
    public Welcome assertWelcome() {
        Frame frame = next("system_message");
        assertEquals("connection_established", frame.data().getString("event", null), frame.text());
        welcome = client.welcome().orElseThrow(() -> new AssertionError("The client did not take the welcome: " + frame.text()));
        return welcome;
    }

    /**
     * {@return the welcome {@link #assertWelcome()} took, also after the connection closed}
     *
     * @throws IllegalStateException before {@link #assertWelcome()}
     */
    public Welcome welcome() {
        Welcome taken = welcome;
        if (taken == null) {
            throw new IllegalStateException("No welcome taken yet: call assertWelcome() first");
        }
        return taken;
    }

    /**
     * Sends a frame without an id.
     *
     * @param type the type
     * @param data the data
     * @return this connection
     */
    public TestConnection send(String type, JsonObject data) {
        client.send(type, data);
        return this;
    }

    /**
     * Sends a frame with this {@code id}, whose answers carry it in {@code reply_to}.
     *
     * @param type the type
     * @param id the correlation id
     * @param data the data
     * @return this connection
     */
    public TestConnection send(String type, String id, JsonObject data) {
        JsonObjectBuilder frame = Json.createObjectBuilder().add("type", type).add("id", id);
        if (data != null) {
            frame.add("data", data);
        }
        client.sendText(frame.build().toString());
        return this;
    }

    /**
     * Sends a text frame as it is (for tests of malformed input).
     *
     * @param text the frame
     * @return this connection
     */
    public TestConnection sendText(String text) {
        client.sendText(text);
        return this;
    }

    /**
     * {@return the next frame} Fails when the connection closes or nothing comes within {@link #WAIT}.
     */
    public Frame next() {
        Object event = poll(WAIT);
        if (event instanceof CloseStatus close) {
            fail("Expected a frame, the connection closed: " + close);
        }
        if (event == null) {
            fail("No frame within " + WAIT);
        }
        return (Frame) event;
    }

    /**
     * Asserts that the next frame has this type, and returns it.
     *
     * @param type the expected type
     * @return the frame
     */
    public Frame next(String type) {
        Frame frame = next();
        assertEquals(type, frame.type(), frame.text());
        return frame;
    }

    /**
     * Asserts that the next frame answers the frame with this id and is not an {@code error_message}.
     *
     * @param id the id the frame was sent with
     * @return the answer
     */
    public Frame assertReply(String id) {
        Frame frame = next();
        assertEquals(Optional.of(id), frame.replyTo(), frame.text());
        assertNotEquals("error_message", frame.type(), frame.text());
        return frame;
    }

    /**
     * Asserts that the next frame is an {@code error_message} with this code, and returns it.
     *
     * @param errorCode the expected {@code error_code}, e.g. {@code HANDLER_ERROR}
     * @return the error
     */
    public ErrorReply assertError(String errorCode) {
        Frame frame = next("error_message");
        ErrorReply error = ErrorReply.of(frame);
        assertEquals(errorCode, error.errorCode(), frame.text());
        return error;
    }

    /**
     * Asserts that the next event is the server's close with this code and reason.
     *
     * @param code the close code, e.g. 1008
     * @param reason the reason, e.g. {@code TOKEN_EXPIRED}
     */
    public void assertClosed(int code, String reason) {
        Object event = poll(WAIT);
        if (!(event instanceof CloseStatus close)) {
            fail("Expected close " + code + " " + reason + ", got " + (event == null ? "nothing within " + WAIT : ((Frame) event).text()));
            return;
        }
        assertEquals(code + " " + reason, close.code() + " " + close.reason(), close.toString());
    }

    /**
     * Asserts that the upgrade was refused (an HTTP status, no WebSocket opened) with this code in
     * the refusal's body, e.g. {@code TOKEN_EXPIRED}, and that nothing came before.
     *
     * @param errorCode the expected {@code error_code}
     */
    public void assertRefused(String errorCode) {
        Object event = poll(WAIT);
        if (!(event instanceof CloseStatus close) || close.code() != Protocol.ABNORMAL) {
            fail("Expected the upgrade refused with " + errorCode + ", got "
                    + (event == null ? "nothing within " + WAIT : event instanceof Frame frame ? frame.text() : event));
            return;
        }
        assertEquals(errorCode, close.reason(), close.toString());
    }

    /**
     * Asserts that the connection still answers: a protocol {@code ping}, and the next frame its
     * {@code pong}.
     *
     * @return this connection
     */
    public TestConnection assertOpen() {
        String id = "alive-" + pings.incrementAndGet();
        send("ping", id, null);
        assertEquals("pong", assertReply(id).type());
        return this;
    }

    /**
     * Asserts that no frame and no close comes within this time.
     *
     * @param quiet how long to listen
     */
    public void assertNothingWithin(Duration quiet) {
        Object event = poll(quiet);
        assertNull(event, () -> "Expected nothing within " + quiet + ", got "
                + (event instanceof Frame frame ? frame.text() : event));
    }

    /** Closes the connection normally (1000), if it is still open. */
    @Override
    public void close() {
        client.close();
    }

    private Object poll(Duration wait) {
        try {
            return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }
}
