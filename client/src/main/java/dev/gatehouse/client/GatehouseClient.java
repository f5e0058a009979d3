package dev.gatehouse.client;

import dev.gatehouse.client.internal.ClientSession;
import dev.gatehouse.client.internal.Settings;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A client of a Gatehouse server: one logical session that survives reconnects, with the token
 * sent on every handshake, frames held until the server is ready, request/reply, rooms re-joined
 * after each reconnect, recovery of the frames missed meanwhile, and a heartbeat that notices a
 * silent server. Thread-safe.
 *
 * <p>Build one with {@link #builder(URI)}, then {@link #connect()}.
 *
 * <p><b>Recovery</b> (PROTOCOL §3.6, for rooms the server keeps history of). The client remembers,
 * per room, the {@link Position} of the last frame it received from the room (and of the user's
 * stream), and drops a frame it already received before any listener sees it. It answers every
 * welcome of a server with history ({@link Welcome#recovery()}) with a {@code recover} frame stating
 * those positions (none on a first connect), before it joins its rooms again; the server then sends
 * what the client missed and a {@code room_recovery} event per room, which reaches
 * {@link Listener#onRecovery}. With {@code recovered: true} the listeners saw every frame once, in
 * order. With {@code recovered: false} frames were lost for this client: the application reloads the
 * room's state from its own source (its database, an HTTP call) and goes on with the live frames.
 * Rooms are named here as the server names them (the {@code room} of their frames, for example
 * {@code chat:lobby}); {@link Builder#gatehouseRoom} says how an application's room name maps to it.
 */
public interface GatehouseClient {

    /**
     * {@return a builder for a client of the endpoint}
     *
     * @param uri the endpoint, for example {@code ws://127.0.0.1:8025/ws}
     */
    static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /**
     * Starts connecting (once; later calls return the same stage).
     *
     * @return completes with the first welcome; fails with {@link ClientStoppedException} if the client
     *     stops or is closed first (also when called after that)
     */
    CompletableFuture<Welcome> connect();

    /** {@return the current welcome's stage when ready, else the next welcome's} */
    CompletableFuture<Welcome> ready();

    /**
     * Sends a frame; while the client is not ready it is held and sent in order after the next welcome.
     *
     * @param type the frame type
     * @param data the data, or null for none
     * @throws HeldFramesFullException when not ready and the held frames are at their bound
     * @throws IllegalStateException when the client is closed
     */
    void send(String type, JsonObject data);

    /**
     * Sends a text as is, held like {@link #send} (for tests of bad input).
     *
     * @param frame the text
     * @throws HeldFramesFullException when not ready and the held frames are at their bound
     * @throws IllegalStateException when the client is closed
     */
    void sendText(String frame);

    /**
     * Sends a request with a fresh id and the default timeout.
     *
     * @param type the frame type
     * @param data the data, or null for none
     * @return completes with the first frame whose {@code reply_to} is the id; fails with
     *     {@link ErrorReplyException}, {@link RequestTimeoutException} or {@link ConnectionClosedException}
     * @throws HeldFramesFullException when not ready and the held frames are at their bound
     * @throws IllegalStateException when the client is closed
     */
    CompletableFuture<Frame> request(String type, JsonObject data);

    /**
     * Sends a request with a fresh id.
     *
     * @param type the frame type
     * @param data the data, or null for none
     * @param timeout how long to wait for the answer, counted from this call
     * @return as {@link #request(String, JsonObject)}
     * @throws HeldFramesFullException when not ready and the held frames are at their bound
     * @throws IllegalStateException when the client is closed
     */
    CompletableFuture<Frame> request(String type, JsonObject data, Duration timeout);

    /**
     * Subscribes to the frames of one type, called on the client's event thread after
     * {@link Listener#onFrame(Frame)}.
     *
     * @param type the frame type
     * @param listener what to call
     * @return unsubscribes
     */
    Runnable on(String type, Consumer<Frame> listener);

    /**
     * Joins a room with {@code chat.join {room}} and remembers it, to join again after every reconnect.
     *
     * @param room the room, as the application names it (for example {@code lobby})
     * @return the join request's answer
     */
    CompletableFuture<Frame> joinRoom(String room);

    /**
     * Joins a room with the application's own frame and remembers it.
     *
     * @param room the room, as the application names it
     * @param type the join frame's type
     * @param data the join frame's data
     * @return the join request's answer
     */
    CompletableFuture<Frame> joinRoom(String room, String type, JsonObject data);

    /**
     * Forgets a room and its position (no frame is sent; the server takes the connection out of its
     * rooms when it closes).
     *
     * @param room the room
     */
    void leaveRoom(String room);

    /**
     * Forgets a room and its position, and sends the application's leave frame.
     *
     * @param room the room
     * @param type the leave frame's type
     * @param data the leave frame's data
     */
    void leaveRoom(String room, String type, JsonObject data);

    /** {@return the rooms remembered, in the order they were joined} */
    Set<String> rooms();

    /**
     * {@return the position held for a room: the last frame received from it, or its last recovery's}
     *
     * @param room the room as the server names it, for example {@code chat:lobby}
     */
    Optional<Position> position(String room);

    /**
     * {@return the last {@code room_recovery} of a room joined, empty when none came since it was joined}
     *
     * @param room the room as the server names it, for example {@code chat:lobby}
     */
    Optional<RoomRecovery> recovery(String room);

    /**
     * {@return whether the last recovery of a room sent every missed frame; empty when none came}
     *
     * @param room the room as the server names it, for example {@code chat:lobby}
     */
    default Optional<Boolean> recovered(String room) {
        return recovery(room).map(RoomRecovery::recovered);
    }

    /**
     * Asks for a room's members on every node ({@code room_members}, PROTOCOL §4), in this connection's
     * turn (so after a join sent before it): for a room this connection is in and whose presence the
     * server tracks. Presence events are at most once; after a recovery, or wherever the exact
     * membership matters, ask. Like any request it is held while the client is not ready.
     *
     * @param room the room as the server names it, for example {@code chat:lobby} (a
     *     {@link RoomRecovery#room()}, a {@link PresenceEvent#room()})
     * @return completes with one entry per connection in the room; fails with {@link ErrorReplyException}
     *     ({@code ROOM_FORBIDDEN}: not a member, or presence not tracked there; {@code HANDLER_ERROR},
     *     retryable: presence could not be read in time; {@code MALFORMED_MESSAGE}), or as
     *     {@link #request(String, JsonObject)} fails
     * @throws HeldFramesFullException when not ready and the held frames are at their bound
     * @throws IllegalStateException when the client is closed
     */
    CompletableFuture<List<RoomMember>> members(String room);

    /** {@return the position held for the user's stream (direct messages, when the server keeps them)} */
    Optional<Position> userPosition();

    /** {@return the last {@code room_recovery} of the user's stream, empty when none came} */
    Optional<RoomRecovery> userRecovery();

    /** {@return the state} */
    State state();

    /** {@return the current connection's welcome, empty when not ready} */
    Optional<Welcome> welcome();

    /**
     * Closes with 1000 and no reason and stays closed; pending requests fail.
     *
     * @return completes when closed
     */
    CompletableFuture<CloseStatus> close();

    /**
     * Closes and stays closed; pending requests fail with {@link ConnectionClosedException}, held ones
     * with {@link ClientStoppedException}.
     *
     * @param code the close code, 1000 or 3000–4999
     * @param reason the close reason, at most 123 bytes of UTF-8, for example {@code LOGGED_OUT}
     * @return completes when closed
     * @throws IllegalArgumentException when the code or the reason cannot be sent
     */
    CompletableFuture<CloseStatus> close(int code, String reason);

    /** The client's state. */
    enum State {
        /** Connecting for the first time (also before {@link #connect()}). */
        CONNECTING,
        /** The welcome arrived; frames go out at once. */
        READY,
        /** The connection was lost; waiting for or opening the next one. */
        RECONNECTING,
        /** Closed by the application, or stopped; for good. */
        CLOSED
    }

    /**
     * What happens to a client. Every method does nothing by default. Called in order on one
     * thread per client, never while the client holds a lock; a listener must not block waiting for
     * the client (for example on a request's answer), since answers are delivered on that thread too.
     * An exception thrown here is ignored.
     */
    interface Listener {
        /**
         * Every text frame received, in order, before the typed callbacks.
         *
         * @param frame the frame
         */
        default void onFrame(Frame frame) {
        }

        /**
         * A connection became ready.
         *
         * @param welcome the welcome
         */
        default void onWelcome(Welcome welcome) {
        }

        /**
         * The token expires soon; the client has asked its token source for a new one.
         *
         * @param expiresAt when it expires
         * @param secondsLeft how long is left, as the server counted
         */
        default void onSessionExpiring(Instant expiresAt, long secondsLeft) {
        }

        /**
         * The server accepted a new token.
         *
         * @param expiresAt the new expiry
         */
        default void onTokenRefreshed(Instant expiresAt) {
        }

        /**
         * An {@code error_message}, with or without a request.
         *
         * @param error the error
         */
        default void onError(ErrorReply error) {
        }

        /**
         * A connection ended (or could not be opened).
         *
         * @param status how, and whether a reconnect follows
         */
        default void onClose(CloseStatus status) {
        }

        /**
         * A reconnect is scheduled.
         *
         * @param attempt the attempt since the last welcome, from 1
         * @param delay how long until it starts
         */
        default void onReconnecting(int attempt, Duration delay) {
        }

        /**
         * The client gave up, for good (after a close by the application this is not called).
         *
         * @param reason why, for example {@code TOKEN_EXPIRED: the token source returned the refused token}
         */
        default void onStopped(String reason) {
        }

        /**
         * A member joined a room this connection is in.
         *
         * @param event who, where
         */
        default void onMemberJoined(PresenceEvent event) {
        }

        /**
         * A member left a room this connection is in.
         *
         * @param event who, where
         */
        default void onMemberLeft(PresenceEvent event) {
        }

        /**
         * A {@code room_recovery}: after a reconnect, whether the frames missed in a room (or the user's
         * stream) were sent, after them; also while connected, when the server could not fill a gap.
         * With {@code recovered} false, frames were lost for this client and none will come later:
         * reload the room's state from the application's own source (its database, an HTTP call).
         *
         * @param recovery the room, whether it was recovered, why not, how many frames came again
         */
        default void onRecovery(RoomRecovery recovery) {
        }
    }

    /** Builds a client; immutable settings, checked at each setter. Not thread-safe. */
    final class Builder {
        private final URI uri;
        private Supplier<CompletionStage<String>> tokenSource;
        private String fixedToken;
        private boolean tokenInHeader;
        private Listener listener = new Listener() { };
        private ReconnectPolicy reconnect = ReconnectPolicy.backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration heartbeatMargin = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxHeldFrames = 100;
        private HttpClient httpClient;
        private UnaryOperator<String> gatehouseRoom = UnaryOperator.identity();

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("GatehouseClient.builder: the URI must be ws: or wss:, was " + uri);
            }
        }

        /**
         * A fixed token: after a token failure the client stops.
         *
         * @param token the compact JWT
         * @return this builder
         */
        public Builder token(String token) {
            this.fixedToken = Objects.requireNonNull(token, "token");
            this.tokenSource = () -> CompletableFuture.completedFuture(token);
            return this;
        }

        /**
         * A token source, called before every connect and on {@code session_expiring}, on the
         * client's event thread; a stage that does not complete within the request timeout counts
         * as a failure (the client backs off and asks again).
         *
         * @param source returns the current token
         * @return this builder
         */
        public Builder tokenSource(Supplier<CompletionStage<String>> source) {
            this.tokenSource = Objects.requireNonNull(source, "source");
            this.fixedToken = null;
            return this;
        }

        /**
         * Sends the token as an {@code Authorization: Bearer} header instead of a subprotocol entry.
         *
         * @param inHeader true for the header; false (the default) for {@code bearer.<jwt>}
         * @return this builder
         */
        public Builder tokenInHeader(boolean inHeader) {
            this.tokenInHeader = inHeader;
            return this;
        }

        /**
         * The listener (by default one that does nothing).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The reconnect policy (default {@code ReconnectPolicy.backoff(0.5 s, 30 s)}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The default timeout of a request (default 10 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * How long beyond the heartbeat interval the server may stay silent before the connection
         * counts as dead (default 10 s).
         *
         * @param margin positive
         * @return this builder
         */
        public Builder heartbeatMargin(Duration margin) {
            this.heartbeatMargin = positive(margin, "heartbeatMargin");
            return this;
        }

        /**
         * How long a handshake may take (default 10 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * How many frames are held while the client is not ready (default 100).
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxHeldFrames(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxHeldFrames must be at least 1, was " + max);
            }
            this.maxHeldFrames = max;
            return this;
        }

        /**
         * The HTTP client to open WebSockets with (by default a new one).
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * How the server names the room an application's join puts the connection in: the
         * {@code room} of the room's frames, which positions are kept by (default: the name given to
         * {@code joinRoom} itself). The chat example's {@code chat.join {room: "lobby"}} puts the
         * connection in {@code chat:lobby}: for it, {@code gatehouseRoom(room -> "chat:" + room)}.
         * Without the right mapping the client states no position for the room, and it is not
         * recovered. Leaving a room forgets the position of the room so named.
         *
         * @param name from the name given to {@code joinRoom} / {@code leaveRoom} to the server's
         * @return this builder
         */
        public Builder gatehouseRoom(UnaryOperator<String> name) {
            this.gatehouseRoom = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * {@return the client, not yet connected}
         *
         * @throws IllegalStateException when neither a token nor a token source was given
         */
        public GatehouseClient build() {
            if (tokenSource == null) {
                throw new IllegalStateException("GatehouseClient.Builder: set token(...) or tokenSource(...)");
            }
            HttpClient http = httpClient != null ? httpClient : HttpClient.newHttpClient();
            return new ClientSession(new Settings(uri, tokenSource, fixedToken != null, tokenInHeader, listener,
                    reconnect, requestTimeout, heartbeatMargin, connectTimeout, maxHeldFrames, http, gatehouseRoom));
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
