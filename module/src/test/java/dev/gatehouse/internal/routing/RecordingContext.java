package dev.gatehouse.internal.routing;

import dev.gatehouse.Connection;
import dev.gatehouse.Rooms;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.Connections;
import dev.gatehouse.MessageContext;
import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.VerifiedToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link MessageContext} that records the answers a handler gives, as {@code "reply TYPE"} and {@code "error CODE message"}. */
final class RecordingContext implements MessageContext {
    private final List<String> answers = new ArrayList<>();
    private final Connection connection = new Connection() {
        private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

        @Override
        public String id() {
            return "ws_router";
        }

        @Override
        public VerifiedToken token() {
            return new VerifiedToken("alice", Instant.parse("2026-11-22T11:00:00Z"), Set.of(), Map.of());
        }

        @Override
        public ConnectionState state() {
            return ConnectionState.READY;
        }

        @Override
        public Rooms rooms() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConcurrentMap<String, Object> attributes() {
            return attributes;
        }

        @Override
        public boolean send(String type, Object data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(int code, String reason) {
            throw new UnsupportedOperationException();
        }
    };

    @Override
    public Rooms rooms() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public Optional<String> messageId() {
        return Optional.empty();
    }

    @Override
    public synchronized boolean reply(String type, Object data) {
        answers.add("reply " + type);
        return true;
    }

    @Override
    public synchronized boolean replyError(ReplyErrorCode code, String message) {
        answers.add("error " + code + " " + message);
        return true;
    }

    @Override
    public int sendToOtherConnections(String type, Object data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Connections connections() {
        throw new UnsupportedOperationException();
    }

    /** The answers so far. */
    synchronized List<String> answers() {
        return List.copyOf(answers);
    }
}
