package dev.gatehouse.internal.routing;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.Rooms;
import dev.gatehouse.internal.cluster.ClusterConnections;
import dev.gatehouse.internal.codec.Decoded;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.handshake.HandshakeGate;
import dev.gatehouse.internal.lifecycle.Inbound;
import dev.gatehouse.internal.lifecycle.InboxTask;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.Envelope;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.spi.Verification;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Decides what happens to one text frame of a READY connection: malformed frames and {@code ping}
 * are answered at once on the calling thread, and {@code recover} kept at once; {@code auth_refresh} and everything else queue behind
 * the connection's earlier frames, for Gatehouse's handler pool. Thread-safe.
 */
public final class FrameDispatcher implements Inbound {
    private static final Logger LOG = System.getLogger("dev.gatehouse.routing");
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final Verification REFRESH_LATE = Verification.rejected(ErrorCode.INVALID_TOKEN,
            "The token could not be verified in time; try again");
    private static final Verification REFRESH_FAILED = Verification.rejected(ErrorCode.INVALID_TOKEN,
            "The token could not be verified");

    private final EnvelopeCodec codec;
    private final ProtocolFrames frames;
    private final Router router;
    private final HandshakeGate gate;
    private final ClusterConnections connections;
    private final GatehouseMetrics metrics;
    private final int maxRooms;
    private final Duration membersTimeout;

    /**
     * A dispatcher; {@code connections} is what handlers see as {@code ctx.connections()};
     * {@code membersTimeout} bounds a {@code room_members} answer.
     */
    public FrameDispatcher(EnvelopeCodec codec, ProtocolFrames frames, Router router, HandshakeGate gate,
            ClusterConnections connections, Duration membersTimeout, GatehouseMetrics metrics) {
        this.membersTimeout = membersTimeout;
        this.metrics = metrics;
        this.codec = codec;
        this.frames = frames;
        this.router = router;
        this.gate = gate;
        this.connections = connections;
        this.maxRooms = connections.maxRoomsPerConnection();
    }

    /**
     * Handles one frame. Never throws: a failure of Gatehouse's own (an {@code Error} included) is
     * answered with {@code HANDLER_ERROR} and logged once as a WARNING, so no frame goes unanswered.
     */
    @Override
    public void dispatch(ManagedConnection connection, String text) {
        String id = null;
        try {
            Decoded decoded = codec.decode(text);
            if (decoded instanceof Decoded.Malformed malformed) {
                connection.sendError(ErrorCode.MALFORMED_MESSAGE, malformed.reason(), malformed.id());
                return;
            }
            Envelope envelope = ((Decoded.Frame) decoded).envelope();
            id = envelope.id();
            handle(connection, envelope);
        } catch (Throwable t) {
            failed(connection, id, t);
        }
    }

    private void handle(ManagedConnection connection, Envelope envelope) {
        if (envelope.type().equals("ping")) {
            connection.sendFrame(frames.pong(envelope.id()));
        } else if (!connection.withinRate()) {
            metrics.rateLimited();
            connection.sendError(ErrorCode.RATE_LIMITED, "Too many frames; slow down", envelope.id());
        } else if (envelope.type().equals("recover")) {
            recover(connection, envelope);
        } else if (envelope.type().equals("room_members")) {
            offer(connection, envelope, passTurn -> members(connection, envelope));
        } else if (envelope.type().equals("auth_refresh")) {
            offer(connection, envelope, passTurn -> refresh(connection, envelope, passTurn));
        } else {
            offer(connection, envelope, passTurn -> route(connection, envelope, passTurn));
        }
    }

    /**
     * The client's positions (PROTOCOL.md §4, §3.6), kept for the application's joins; at once, in
     * the order frames came, so that they are there when the join frames behind it are handled.
     */
    private void recover(ManagedConnection connection, Envelope envelope) {
        Map<String, HistoryStore.Position> positions = new HashMap<>();
        HistoryStore.Position user = null;
        JsonObject data = envelope.data();
        String problem = null;
        if (data.get("rooms") instanceof JsonObject rooms) {
            if (rooms.size() > maxRooms) {
                problem = "recover names more rooms than a connection may join (" + maxRooms + ")";
            }
            for (Map.Entry<String, JsonValue> room : rooms.entrySet()) {
                HistoryStore.Position p = position(room.getValue());
                if (p == null || !Rooms.isValidName(room.getKey())) {
                    problem = "recover needs data.rooms as {\"<room>\": {\"epoch\": \"…\", \"offset\": <n>}}";
                    break;
                }
                positions.put(room.getKey(), p);
            }
        } else if (data.containsKey("rooms")) {
            problem = "recover needs data.rooms to be an object";
        }
        if (data.containsKey("user")) {
            user = position(data.get("user"));
            if (user == null) {
                problem = "recover needs data.user as {\"epoch\": \"…\", \"offset\": <n>}";
            }
        }
        JsonValue previous = data.get("previous_connection_id");
        if (previous != null && !(previous instanceof JsonString)) {
            problem = "recover needs data.previous_connection_id to be a string";
        }
        if (problem != null) {
            connection.sendError(ErrorCode.MALFORMED_MESSAGE, problem, envelope.id());
            return;
        }
        connections.stated(connection, positions, user, previous == null ? null : ((JsonString) previous).getString());
    }

    private static HistoryStore.Position position(JsonValue value) {
        if (value instanceof JsonObject p && p.get("epoch") instanceof JsonString epoch
                && p.get("offset") instanceof JsonNumber offset && offset.isIntegral() && offset.longValue() >= 0) {
            return new HistoryStore.Position(epoch.getString(), offset.longValue());
        }
        return null;
    }

    /**
     * The members of a room the connection is in and whose presence is tracked (PROTOCOL.md §4), in
     * its turn, so that it follows the connection's join; the store's answer is awaited at most the
     * handler time limit, holding no thread.
     */
    private CompletionStage<?> members(ManagedConnection connection, Envelope envelope) {
        String id = envelope.id();
        if (!(envelope.data().get("room") instanceof JsonString room)) {
            connection.sendError(ErrorCode.MALFORMED_MESSAGE, "room_members needs data.room", id);
            return DONE;
        }
        if (!connections.isMember(connection, room.getString())) {
            connection.sendError(ErrorCode.ROOM_FORBIDDEN, "Not a member of this room", id);
            return DONE;
        }
        if (!connections.presence().isTracked(room.getString())) {
            connection.sendError(ErrorCode.ROOM_FORBIDDEN, "The server does not track this room's presence", id);
            return DONE;
        }
        return connections.presence().members(room.getString()).toCompletableFuture()
                .orTimeout(membersTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((members, failure) -> {
                    if (failure != null) {
                        connection.sendFrame(frames.error(ErrorCode.HANDLER_ERROR, true, // the store may answer next time
                                "The room's members could not be read; try again", id));
                    } else {
                        connection.sendFrame(frames.roomMembers(room.getString(), members, id));
                    }
                    return null;
                });
    }

    private void offer(ManagedConnection connection, Envelope envelope, InboxTask task) {
        if (!connection.offerToHandlers(task)) {
            metrics.rateLimited();
            connection.sendError(ErrorCode.RATE_LIMITED, "Too many frames waiting for handlers", envelope.id());
        }
    }

    /** Runs in the connection's turn, on a worker; answers every failure, at the time limit too. */
    private CompletionStage<?> route(ManagedConnection connection, Envelope envelope, Runnable passTurn) {
        try {
            return router.route(envelope, new FrameContext(connection, envelope.id(), frames, connections), passTurn,
                    outcome -> {
                        if (outcome instanceof RouteOutcome.Failed f) {
                            connection.sendError(f.code(), f.message(), envelope.id());
                        }
                    });
        } catch (Throwable t) {
            failed(connection, envelope.id(), t);
            return DONE;
        }
    }

    private static void failed(ManagedConnection connection, String id, Throwable t) {
        LOG.log(Level.WARNING, "[" + connection.id() + "] a frame could not be handled", t);
        connection.sendError(ErrorCode.HANDLER_ERROR, "The frame could not be handled", id);
    }

    /**
     * Runs in the connection's turn, on a worker, so that refreshes apply in the order they came and
     * none waits in an unbounded queue. The token's check has the handlers' time limit: one that does
     * not answer in time is refused, and its late verdict is dropped, never applied.
     */
    private CompletionStage<?> refresh(ManagedConnection connection, Envelope envelope, Runnable passTurn) {
        if (!(envelope.data().get("token") instanceof JsonString token)) {
            refuseRefresh(connection, ErrorCode.MALFORMED_MESSAGE, "auth_refresh needs data.token", envelope);
            return DONE;
        }
        return router.limited("auth_refresh", connection.id(), passTurn, () -> gate.verifyToken(token.getString()),
                REFRESH_LATE, REFRESH_FAILED, verification -> refreshed(connection, envelope, verification));
    }

    private void refreshed(ManagedConnection connection, Envelope envelope, Verification verification) {
        if (verification instanceof Verification.Rejected rejected) {
            refuseRefresh(connection, rejected.code() == ErrorCode.TOKEN_REVOKED ? ErrorCode.TOKEN_REVOKED
                    : ErrorCode.INVALID_TOKEN, rejected.message(), envelope);
        } else if (verification instanceof Verification.Refused refused) { // a verifier's own refusal, as a check's
            refuseRefresh(connection, ErrorCode.INVALID_TOKEN, refused.message(), envelope);
        } else if (!((Verification.Accepted) verification).token().subject().equals(connection.userId())) {
            refuseRefresh(connection, ErrorCode.INVALID_TOKEN, "The new token is for another subject", envelope);
        } else {
            var accepted = (Verification.Accepted) verification;
            metrics.authRefresh(null);
            connection.sendFrame(frames.tokenRefreshed(accepted.token().expiresAt(), envelope.id()));
            // after the answer: a warning the new expiry brings comes after it
            connection.refreshed(accepted.token(), accepted.tokenId());
        }
    }

    private void refuseRefresh(ManagedConnection connection, ErrorCode code, String message, Envelope envelope) {
        metrics.authRefresh(code);
        connection.sendError(code, message, envelope.id());
    }
}
