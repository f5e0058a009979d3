package dev.gatehouse.internal.routing;

import dev.gatehouse.Connection;
import dev.gatehouse.Rooms;
import dev.gatehouse.internal.cluster.ClusterConnections;
import dev.gatehouse.Connections;
import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.MessageContext;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import java.util.Optional;

/**
 * The {@link MessageContext} of one routed frame. Once the frame is answered at its time limit
 * ({@code HANDLER_TIMEOUT}), a late {@link #reply} or {@link #replyError} is dropped: a request gets
 * one answer.
 */
final class FrameContext implements MessageContext {
    private final ManagedConnection connection;
    /** Set when the time limit answered the frame. */
    private volatile boolean answeredAtLimit;
    private final String messageId;
    private final ProtocolFrames frames;
    private final ClusterConnections connections;

    FrameContext(ManagedConnection connection, String messageId, ProtocolFrames frames, ClusterConnections connections) {
        this.connection = connection;
        this.messageId = messageId;
        this.frames = frames;
        this.connections = connections;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    @Override
    public boolean reply(String type, Object data) {
        return !answeredAtLimit && connection.sendFrame(frames.frame(type, data, messageId));
    }

    @Override
    public boolean replyError(ReplyErrorCode code, String message) {
        return !answeredAtLimit && connection.sendFrame(frames.error(code.code(), message, messageId));
    }

    /** The time limit answers the frame: later replies are dropped. */
    void answeredAtLimit() {
        answeredAtLimit = true;
    }

    @Override
    public int sendToOtherConnections(String type, Object data) {
        return connections.sendToOtherConnections(connection, type, data);
    }

    @Override
    public Rooms rooms() {
        return connections.rooms(connection, messageId);
    }

    @Override
    public Connections connections() {
        return connections;
    }
}
