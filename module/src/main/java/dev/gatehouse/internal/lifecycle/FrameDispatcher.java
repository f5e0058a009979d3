package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.Envelope;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.Verification;
import dev.gatehouse.internal.codec.Decoded;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.handshake.HandshakeGate;
import dev.gatehouse.internal.routing.RouteOutcome;
import dev.gatehouse.internal.routing.Router;
import jakarta.json.JsonString;
import java.util.concurrent.Executor;

/**
 * Decides what happens to one text frame of a READY connection: malformed frames and {@code ping}
 * are answered at once on the calling thread, {@code auth_refresh} runs on a worker, and everything
 * else queues behind the connection's earlier frames for the {@link Router}. Thread-safe.
 */
final class FrameDispatcher {
    private final EnvelopeCodec codec;
    private final ProtocolFrames frames;
    private final Router router;
    private final HandshakeGate gate;
    private final Executor workers;
    private final ConnectionRegistry registry;

    FrameDispatcher(EnvelopeCodec codec, ProtocolFrames frames, Router router, HandshakeGate gate,
            Executor workers, ConnectionRegistry registry) {
        this.codec = codec;
        this.frames = frames;
        this.router = router;
        this.gate = gate;
        this.workers = workers;
        this.registry = registry;
    }

    void dispatch(ManagedConnection connection, String text) {
        Decoded decoded = codec.decode(text);
        if (decoded instanceof Decoded.Malformed malformed) {
            connection.sendError(ErrorCode.MALFORMED_MESSAGE, malformed.reason(), malformed.id());
            return;
        }
        Envelope envelope = ((Decoded.Frame) decoded).envelope();
        if (envelope.type().equals("ping")) {
            connection.sendFrame(frames.pong(envelope.id()));
        } else if (!connection.withinRate()) {
            connection.sendError(ErrorCode.RATE_LIMITED, "Too many frames; slow down", envelope.id());
        } else if (envelope.type().equals("auth_refresh")) {
            workers.execute(() -> refresh(connection, envelope));
        } else if (!connection.offerToHandlers(() -> route(connection, envelope))) {
            connection.sendError(ErrorCode.RATE_LIMITED, "Too many frames waiting for handlers", envelope.id());
        }
    }

    private java.util.concurrent.CompletionStage<RouteOutcome> route(ManagedConnection connection, Envelope envelope) {
        return router.route(envelope, new FrameContext(connection, envelope.id(), frames, registry))
                .whenComplete((outcome, never) -> {
                    if (outcome instanceof RouteOutcome.Failed failed) {
                        connection.sendError(failed.code(), failed.message(), envelope.id());
                    }
                });
    }

    private void refresh(ManagedConnection connection, Envelope envelope) {
        if (!(envelope.data().get("token") instanceof JsonString token)) {
            connection.sendError(ErrorCode.MALFORMED_MESSAGE, "auth_refresh needs data.token", envelope.id());
            return;
        }
        Verification verification = gate.verifyToken(token.getString());
        if (verification instanceof Verification.Rejected rejected) {
            connection.sendError(ErrorCode.INVALID_TOKEN, rejected.message(), envelope.id());
        } else if (verification instanceof Verification.Accepted accepted
                && !accepted.token().subject().equals(connection.userId())) {
            connection.sendError(ErrorCode.INVALID_TOKEN, "The new token is for another subject", envelope.id());
        } else {
            var newToken = ((Verification.Accepted) verification).token();
            connection.refreshed(newToken);
            connection.sendFrame(frames.tokenRefreshed(newToken.expiresAt(), envelope.id()));
        }
    }
}
