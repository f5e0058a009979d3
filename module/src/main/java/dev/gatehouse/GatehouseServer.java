package dev.gatehouse;

import dev.gatehouse.internal.standalone.GrizzlyHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link Gatehouse} standalone on Tyrus and Grizzly (add {@code tyrus-server},
 * {@code tyrus-container-grizzly-server} and {@code yasson} to your application). Binds
 * {@code gatehouse.host}:{@code gatehouse.port} and serves the endpoint at {@code gatehouse.path}.
 *
 * <pre>{@code
 * try (GatehouseServer server = GatehouseServer.builder(gatehouse).build().start()) {
 *     System.out.println("Listening on " + server.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #stop()} closes every connection with 1001 first, then stops Gatehouse and the server.
 */
public final class GatehouseServer implements AutoCloseable {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private final Gatehouse gatehouse;
    private final GrizzlyHost host;
    private volatile boolean started;

    private GatehouseServer(Builder b) {
        this.gatehouse = b.gatehouse;
        this.host = new GrizzlyHost(gatehouse.runtime(), new GatehouseConfigurator(gatehouse), b.staticContent,
                List.copyOf(b.endpoints));
    }

    /** A builder for a server running the given Gatehouse. */
    public static Builder builder(Gatehouse gatehouse) {
        return new Builder(gatehouse);
    }

    /**
     * Binds the port and starts accepting connections.
     *
     * @return this server
     * @throws UncheckedIOException when the address cannot be bound
     */
    public GatehouseServer start() {
        try {
            host.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + gatehouse.config().host() + ":"
                    + gatehouse.config().port() + " (gatehouse.host, gatehouse.port)", e);
        }
        started = true;
        return this;
    }

    /** The port bound; useful with {@code gatehouse.port=0}. */
    public int port() {
        return host.port();
    }

    /** The WebSocket URI of the endpoint, for example {@code ws://127.0.0.1:8025/ws}. */
    public URI uri() {
        String h = gatehouse.config().host();
        String literal = h.contains(":") ? "[" + h + "]" : h;
        return URI.create("ws://" + literal + ":" + port() + gatehouse.config().path());
    }

    /** The Gatehouse this server runs. */
    public Gatehouse gatehouse() {
        return gatehouse;
    }

    /** Closes every connection with 1001 ({@code SERVER_SHUTDOWN}), then stops. Idempotent. */
    public void stop() {
        if (started) {
            started = false;
            host.stop(SHUTDOWN_GRACE);
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Builds a {@link GatehouseServer}. */
    public static final class Builder {
        private final Gatehouse gatehouse;
        private Map.Entry<ClassLoader, String> staticContent;
        private final List<ServerEndpointConfig> endpoints = new ArrayList<>();

        private Builder(Gatehouse gatehouse) {
            this.gatehouse = Objects.requireNonNull(gatehouse, "gatehouse");
        }

        /**
         * Serves the files of a class-path folder at {@code /} (for example a demo page).
         *
         * @param loader the class loader to read from
         * @param folder the folder, for example {@code "web/"}
         */
        public Builder staticContent(ClassLoader loader, String folder) {
            this.staticContent = Map.entry(loader, folder);
            return this;
        }

        /**
         * Deploys another endpoint in the same Tyrus container, on the same port and thread pools,
         * beside the Gatehouse endpoint. Gatehouse does not check its handshakes: its path must
         * differ from {@code gatehouse.path}, and it is not closed by {@link GatehouseServer#stop()}
         * before the container stops.
         *
         * @param config the endpoint, for example built with {@link ServerEndpointConfig.Builder}
         */
        public Builder endpoint(ServerEndpointConfig config) {
            Objects.requireNonNull(config, "config");
            if (config.getPath().equals(gatehouse.config().path())) {
                throw new IllegalArgumentException("endpoint path " + config.getPath()
                        + " is the Gatehouse endpoint's (gatehouse.path)");
            }
            endpoints.add(config);
            return this;
        }

        /** Builds the server, not yet started. */
        public GatehouseServer build() {
            return new GatehouseServer(this);
        }
    }
}
