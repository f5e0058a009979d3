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
    /** The open sessions: the bare "room" a fan-out sends to, one pre-encoded string per session. */
    static final java.util.Set<Session> SESSIONS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        OPEN.incrementAndGet();
        SESSIONS.add(session);
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(String.class,
                (MessageHandler.Whole<String>) text -> session.getAsyncRemote().sendText(text));
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        OPEN.decrementAndGet();
        SESSIONS.remove(session);
    }
}
