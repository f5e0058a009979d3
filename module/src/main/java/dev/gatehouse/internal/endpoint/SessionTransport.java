package dev.gatehouse.internal.endpoint;

import dev.gatehouse.internal.lifecycle.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** A {@link Transport} over a Jakarta WebSocket {@link Session}: portable across containers. */
final class SessionTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;

    SessionTransport(Session session) {
        this.session = session;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(text, result -> done.accept(failure(result.getException())));
        } catch (Throwable e) { // closed underneath us, or the container could not encode the frame
            done.accept(failure(e));
        }
    }

    /**
     * The failure as {@link Transport#sendText} reports it: a write refused because the connection
     * is gone is an {@link IOException}, whatever the container threw. Jakarta WebSocket throws an
     * IllegalStateException for a closed session, and Tyrus for a closed connection ("Connection is
     * not open.") while its session may still read as open.
     */
    private Throwable failure(Throwable e) {
        if (e == null || e instanceof IOException || (!(e instanceof IllegalStateException) && session.isOpen())) {
            return e;
        }
        return new IOException("the connection is closed: " + e, e);
    }

    @Override
    public void sendPing() {
        try {
            session.getAsyncRemote().sendPing(EMPTY.duplicate());
        } catch (IOException | RuntimeException e) {
            // an unanswered ping is what the heartbeat detects
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }
}
