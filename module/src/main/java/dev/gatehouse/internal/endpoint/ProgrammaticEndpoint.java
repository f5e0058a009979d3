package dev.gatehouse.internal.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;

/**
 * The programmatic twin of {@code GatehouseEndpoint}, for containers where the path is chosen at run
 * time (standalone: Tyrus takes an annotated endpoint's path from its annotation only).
 */
public final class ProgrammaticEndpoint extends Endpoint {
    private final EndpointDelegate delegate;

    /** An endpoint for one session. */
    public ProgrammaticEndpoint(EndpointDelegate delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) delegate::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> delegate.onBinary());
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> delegate.onPong());
        delegate.onOpen(session);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        delegate.onClose(closeReason);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        delegate.onError(thr);
    }
}
