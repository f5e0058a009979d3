package dev.gatehouse.internal.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * A WebSocket {@link Session} that records what Gatehouse does with it ({@code "text:..."},
 * {@code "ping"}, {@code "close:CODE:REASON"}, {@code "max-idle:MILLIS"}); every write succeeds at
 * once while it is open, and throws {@link IllegalStateException} once closed, as containers do.
 * What Gatehouse never calls throws {@link UnsupportedOperationException}. Thread-safe.
 */
public final class FakeSession implements Session {
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Object> userProperties = new HashMap<>();
    private boolean open = true;

    /** Every call so far. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized Map<String, Object> getUserProperties() {
        return userProperties;
    }

    @Override
    public synchronized void setMaxIdleTimeout(long milliseconds) {
        calls.add("max-idle:" + milliseconds);
    }

    @Override
    public synchronized void close(CloseReason reason) {
        calls.add("close:" + reason.getCloseCode().getCode() + ":" + reason.getReasonPhrase());
        open = false;
    }

    @Override
    public void close() {
        close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public RemoteEndpoint.Async getAsyncRemote() {
        return remote;
    }

    private synchronized void record(String call) {
        if (!open) {
            throw new IllegalStateException("The session is closed");
        }
        calls.add(call);
    }

    private final RemoteEndpoint.Async remote = new RemoteEndpoint.Async() {
        @Override
        public void sendText(String text, SendHandler handler) {
            record("text:" + text);
            handler.onResult(new SendResult());
        }

        @Override
        public void sendPing(ByteBuffer applicationData) {
            record("ping");
        }

        @Override
        public long getSendTimeout() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setSendTimeout(long timeoutMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> sendText(String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> sendBinary(ByteBuffer data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendBinary(ByteBuffer data, SendHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> sendObject(Object data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendObject(Object data, SendHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setBatchingAllowed(boolean allowed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean getBatchingAllowed() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flushBatch() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendPong(ByteBuffer applicationData) {
            throw new UnsupportedOperationException();
        }
    };

    @Override
    public WebSocketContainer getContainer() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addMessageHandler(MessageHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Whole<T> handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Partial<T> handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<MessageHandler> getMessageHandlers() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeMessageHandler(MessageHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getProtocolVersion() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getNegotiatedSubprotocol() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Extension> getNegotiatedExtensions() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isSecure() {
        throw new UnsupportedOperationException();
    }

    @Override
    public long getMaxIdleTimeout() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setMaxBinaryMessageBufferSize(int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int getMaxBinaryMessageBufferSize() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setMaxTextMessageBufferSize(int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int getMaxTextMessageBufferSize() {
        throw new UnsupportedOperationException();
    }

    @Override
    public RemoteEndpoint.Basic getBasicRemote() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getId() {
        throw new UnsupportedOperationException();
    }

    @Override
    public URI getRequestURI() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, List<String>> getRequestParameterMap() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getQueryString() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, String> getPathParameters() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Principal getUserPrincipal() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<Session> getOpenSessions() {
        throw new UnsupportedOperationException();
    }
}
