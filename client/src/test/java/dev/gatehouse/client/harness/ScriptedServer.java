package dev.gatehouse.client.harness;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.server.Server;

/**
 * A WebSocket server on 127.0.0.1 that says what the test tells it to, for the client's behaviour
 * on frames the real server sends only in situations hard to arrange (a repeat, a recovery that
 * failed): every connection is handed to the test, which sends texts on it, reads what the client
 * sent, and ends it. It sends no welcome by itself and checks no token. One at a time per JVM (the
 * endpoint finds it through a static field).
 */
public final class ScriptedServer implements AutoCloseable {
    private static volatile ScriptedServer current;

    private final Server server;
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();

    private ScriptedServer() throws DeploymentException {
        current = this;
        server = new Server("127.0.0.1", 0, "", Map.of(), Endpoint.class);
        server.start();
    }

    /** {@return a started server} */
    public static ScriptedServer start() {
        try {
            return new ScriptedServer();
        } catch (DeploymentException e) {
            throw new IllegalStateException("The scripted server did not start", e);
        }
    }

    /** {@return the endpoint} */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/ws");
    }

    /** {@return the next connection a client opened, waiting for it} */
    public Connection next() {
        return poll(connections, "a connection");
    }

    @Override
    public void close() {
        server.stop();
        current = null;
    }

    private static <T> T poll(BlockingQueue<T> queue, String what) {
        try {
            T next = queue.poll(Waits.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("no " + what + " within " + Waits.PATIENCE);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** One client connection, as the test drives it. */
    public static final class Connection {
        private final Session session;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        Connection(Session session) {
            this.session = session;
        }

        /**
         * Sends the welcome, with no heartbeat (the client sends no pings).
         *
         * @param connectionId the connection's id
         */
        public void welcome(String connectionId) {
            send("{\"type\":\"system_message\",\"data\":{\"event\":\"connection_established\",\"connection_id\":\""
                    + connectionId + "\",\"user_id\":\"alice\",\"connection_ready\":true,\"protocol_version\":1,"
                    + "\"server_time\":\"2026-11-22T10:00:00Z\",\"config\":{\"heartbeat_interval_seconds\":0,"
                    + "\"max_message_size_bytes\":65536}}}");
        }

        /**
         * Sends a text.
         *
         * @param text the frame
         */
        public synchronized void send(String text) {
            try {
                session.getBasicRemote().sendText(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@return the next text the client sent, waiting for it} */
        public String receive() {
            return poll(received, "frame from the client");
        }

        /** Closes with 1001 {@code SERVER_SHUTDOWN}, after which the client reconnects. */
        public void shutDown() {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "SERVER_SHUTDOWN"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The endpoint Tyrus makes per connection; it hands the connection to the server running now. */
    @ServerEndpoint(value = "/ws", subprotocols = "gatehouse.v1")
    public static final class Endpoint {
        private Connection connection;

        /**
         * A client connected.
         *
         * @param session its session
         */
        @OnOpen
        public void open(Session session) {
            connection = new Connection(session);
            current.connections.add(connection);
        }

        /**
         * A client sent a text.
         *
         * @param text the text
         */
        @OnMessage
        public void text(String text) {
            connection.received.add(text);
        }

        /** The connection ended. */
        @OnClose
        public void closed() {
            // nothing kept
        }
    }
}
