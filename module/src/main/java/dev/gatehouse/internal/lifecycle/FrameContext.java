package dev.gatehouse.internal.lifecycle;

import dev.gatehouse.Connection;
import dev.gatehouse.Connections;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.MessageContext;
import dev.gatehouse.internal.codec.ProtocolFrames;
import java.util.Optional;

/** The {@link MessageContext} of one routed frame. */
final class FrameContext implements MessageContext {
    private final ManagedConnection connection;
    private final String messageId;
    private final ProtocolFrames frames;
    private final ConnectionRegistry registry;

    FrameContext(ManagedConnection connection, String messageId, ProtocolFrames frames, ConnectionRegistry registry) {
        this.connection = connection;
        this.messageId = messageId;
        this.frames = frames;
        this.registry = registry;
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
        return connection.sendFrame(frames.frame(type, data, messageId));
    }

    @Override
    public boolean replyError(ErrorCode code, String message) {
        if (!code.keepsConnection()) {
            throw new IllegalArgumentException(code + " closes the connection; handlers may only send codes that keep it");
        }
        return connection.sendFrame(frames.error(code, message, messageId));
    }

    @Override
    public int sendToOtherConnections(String type, Object data) {
        String frame = frames.frame(type, data, null);
        int sent = 0;
        for (Connection other : registry.byUser(connection.userId())) {
            if (other != connection && ((ManagedConnection) other).sendFrame(frame)) {
                sent++;
            }
        }
        return sent;
    }

    @Override
    public Connections connections() {
        return registry;
    }
}
