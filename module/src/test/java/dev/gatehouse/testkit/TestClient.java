package dev.gatehouse.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording WebSocket client on the JDK's {@link java.net.http.WebSocket}: every frame and the
 * close are queued, and tests take them in order with {@link #next()} / {@link #assertClosed}.
 * Frames are parsed as protocol envelopes, so client and server can never disagree on the format.
 */
public final class TestClient implements AutoCloseable {
    /** How long a test waits for something that should happen. */
    public static final Duration WAIT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger pingIds = new AtomicInteger();
    private WebSocket socket;
    private JsonObject welcome;

    /** A close the client received. */
    public record Close(int code, String reason) {
    }

    private TestClient() {
    }

    /** Connects with an {@code Authorization: Bearer} token. */
    public static TestClient connect(URI uri, String token) {
        return connect(uri, Map.of("Authorization", "Bearer " + token), List.of());
    }

    /** Connects with the given headers and offered subprotocols; fails the test if the upgrade fails. */
    public static TestClient connect(URI uri, Map<String, String> headers, List<String> subprotocols) {
        return connect(HTTP, uri, headers, subprotocols);
    }

    /** Connects through {@code http} (for example one trusting a test CA for {@code wss://}); fails the test if the upgrade fails. */
    public static TestClient connect(HttpClient http, URI uri, Map<String, String> headers, List<String> subprotocols) {
        TestClient client = new TestClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        try {
            client.socket = builder.buildAsync(uri, client.listener()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            fail("WebSocket upgrade failed: " + e);
        }
        return client;
    }

    /** Connects and takes the welcome frame, asserting it is the first frame. */
    public static TestClient connectWelcomed(URI uri, String token) {
        return connectWelcomed(HTTP, uri, token);
    }

    /** Connects through {@code http} and takes the welcome frame, asserting it is the first frame. */
    public static TestClient connectWelcomed(HttpClient http, URI uri, String token) {
        TestClient client = connect(http, uri, Map.of("Authorization", "Bearer " + token), List.of());
        JsonObject welcome = client.next();
        assertEquals("system_message", welcome.getString("type"));
        assertEquals("connection_established", welcome.getJsonObject("data").getString("event"));
        client.welcome = welcome;
        return client;
    }

    /** The welcome taken by {@link #connectWelcomed}, or null. */
    public JsonObject welcome() {
        return welcome;
    }

    /** The connection id from the welcome taken by {@link #connectWelcomed}. */
    public String connectionId() {
        return welcome.getJsonObject("data").getString("connection_id");
    }

    /** Sends a {@code ping} and asserts that the very next frame is its {@code pong}: the connection is usable. */
    public TestClient assertOpen() {
        String id = "alive-" + pingIds.incrementAndGet();
        send("ping", id, null);
        JsonObject pong = next();
        assertEquals("pong", pong.getString("type"), pong.toString());
        assertEquals(id, pong.getString("reply_to"), pong.toString());
        return this;
    }

    /** How many WebSocket ping frames the server sent (the JDK answers each with a pong). */
    public int pingsReceived() {
        return pings.get();
    }

    /** Sends a normal close and waits for the server's close; returns it. */
    public Close closeAndAwait() {
        socket.sendClose(1000, "bye").join();
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("No close from the server within " + WAIT, e);
        }
    }

    /** The subprotocol the server selected ("" for none). */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends a raw text frame. */
    public TestClient sendRaw(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Sends an envelope {@code {"type":..., "id":..., "data":...}}; null id or data are left out. */
    public TestClient send(String type, String id, JsonObject data) {
        var b = Json.createObjectBuilder().add("type", type);
        if (id != null) {
            b.add("id", id);
        }
        if (data != null) {
            b.add("data", data);
        }
        return sendRaw(b.build().toString());
    }

    /** Sends one text message as several frames, one per part. */
    public TestClient sendFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            socket.sendText(parts[i], i == parts.length - 1).join();
        }
        return this;
    }

    /** Sends a binary frame. */
    public TestClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next text frame as JSON; fails after {@link #WAIT}. */
    public JsonObject next() {
        return next(WAIT);
    }

    /** The next text frame as JSON; fails after {@code wait}. */
    public JsonObject next(Duration wait) {
        Object event = poll(wait);
        if (event instanceof Close c) {
            fail("Expected a frame, got close " + c);
        }
        assertNotNull(event, "No frame within " + wait);
        return Json.createReader(new StringReader((String) event)).readObject();
    }

    /** The next frame, asserted to be an {@code error_message} with this code; returns its data. */
    public JsonObject nextError(String errorCode) {
        JsonObject frame = next();
        assertEquals("error_message", frame.getString("type"), frame.toString());
        assertEquals(errorCode, frame.getJsonObject("data").getString("error_code"), frame.toString());
        return frame;
    }

    /** Asserts that the next event is a close with this code and reason. */
    public void assertClosed(int code, String reason) {
        Object event = poll(WAIT);
        assertEquals(new Close(code, reason), event);
    }

    /** Asserts that nothing arrives within {@code quiet}. */
    public void assertNothingWithin(Duration quiet) {
        assertNull(poll(quiet), "Expected nothing");
    }

    /** Closes normally if still open. */
    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(1000, "").exceptionally(e -> null);
        }
        if (socket != null) {
            socket.abort();
        }
    }

    private Object poll(Duration wait) {
        try {
            return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    events.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                pings.incrementAndGet();
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                events.add("{\"type\":\"unexpected_binary_frame\"}");
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                Close close = new Close(statusCode, reason);
                events.add(close);
                closed.complete(close);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                events.add(new Close(1006, String.valueOf(error)));
            }
        };
    }
}
