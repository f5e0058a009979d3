package dev.gatehouse.client.harness;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseServer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server on 127.0.0.1 that says what the test tells it to, for the client's behaviour
 * on frames the real server sends only in situations hard to arrange (a repeat, a recovery that
 * failed): every connection is handed to the test, which sends texts on it, reads what the client
 * sent, and ends it. It sends no welcome by itself and checks no token. It is an extra endpoint,
 * {@code /scripted}, of a standalone Gatehouse on a free port (whose own endpoint is not used).
 */
public final class ScriptedServer implements AutoCloseable {
    private static final String PATH = "/scripted";

    private final GatehouseServer server;
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();

    private ScriptedServer() {
        Gatehouse unused = Gatehouse.builder().config(c -> c.hmacSecret(TestGatehouse.SECRET).host("127.0.0.1").port(0))
                .build();
        ServerEndpointConfig scripted = ServerEndpointConfig.Builder.create(Scripted.class, PATH)
                .subprotocols(List.of("gatehouse.v1"))
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(new Scripted(connections));
                    }
                }).build();
        server = GatehouseServer.builder(unused).endpoint(scripted).build().start();
    }

    /** {@return a started server} */
    public static ScriptedServer start() {
        return new ScriptedServer();
    }

    /** {@return the endpoint} */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + server.port() + PATH);
    }

    /** {@return the next connection a client opened, waiting for it} */
    public Connection next() {
        return poll(connections, "a connection");
    }

    @Override
    public void close() {
        server.stop();
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
         * Sends the welcome of a server with history ({@code config.recovery}), with no heartbeat (the
         * client sends no pings).
         *
         * @param connectionId the connection's id
         */
        public void welcome(String connectionId) {
            welcome(connectionId, true);
        }

        /**
         * Sends the welcome, with no heartbeat (the client sends no pings).
         *
         * @param connectionId the connection's id
         * @param history whether the server says it keeps history ({@code config.recovery})
         */
        public void welcome(String connectionId, boolean history) {
            send("{\"type\":\"system_message\",\"data\":{\"event\":\"connection_established\",\"connection_id\":\""
                    + connectionId + "\",\"user_id\":\"alice\",\"connection_ready\":true,\"protocol_version\":1,"
                    + "\"server_time\":\"2026-11-22T10:00:00Z\",\"config\":{\"heartbeat_interval_seconds\":0,"
                    + "\"max_message_size_bytes\":65536" + (history ? ",\"recovery\":true" : "") + "}}}");
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

    /** The endpoint made per connection: it hands the connection to the test (public: Tyrus deploys only public classes). */
    public static final class Scripted extends Endpoint {
        private final BlockingQueue<Connection> connections;

        private Scripted(BlockingQueue<Connection> connections) {
            this.connections = connections;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            Connection connection = new Connection(session);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) connection.received::add);
            connections.add(connection);
        }
    }
}
