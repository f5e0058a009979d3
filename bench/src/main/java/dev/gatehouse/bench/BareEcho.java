package dev.gatehouse.bench;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicInteger;

/** The bare Tyrus endpoint Gatehouse is measured against: echoes every text frame, nothing else. */
public final class BareEcho extends Endpoint {
    /** Open sessions, so the runner can wait until closed connections are gone. */
    static final AtomicInteger OPEN = new AtomicInteger();

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        OPEN.incrementAndGet();
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(String.class,
                (MessageHandler.Whole<String>) text -> session.getAsyncRemote().sendText(text));
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        OPEN.decrementAndGet();
    }
}
