package dev.gatehouse;

import dev.gatehouse.internal.config.Values;
import dev.gatehouse.internal.metrics.Backends;
import dev.gatehouse.internal.metrics.PrometheusScrape;
import dev.gatehouse.internal.standalone.CompressionSettings;
import dev.gatehouse.internal.standalone.GrizzlyHost;
import dev.gatehouse.internal.standalone.ServerSettings;
import dev.gatehouse.internal.standalone.StatusPage;
import dev.gatehouse.internal.standalone.TerminationSignals;
import dev.gatehouse.internal.standalone.TlsSettings;
import dev.gatehouse.spi.HttpGet;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link Gatehouse} standalone on Tyrus and Grizzly (add {@code tyrus-server},
 * {@code tyrus-container-grizzly-server} and {@code yasson} to your application). Its settings are
 * the Gatehouse's {@link GatehouseConfig}: it binds {@code gatehouse.host}:{@code gatehouse.port},
 * serves the endpoint at {@code gatehouse.path}, with TLS and compression as the
 * {@code gatehouse.tls.*} and {@code gatehouse.compression.*} settings say. Started in one chain by
 * {@link Gatehouse.Builder#start()}; this class's builder adds what is not a setting (static
 * content, other endpoints, HTTP answers).
 *
 * <pre>{@code
 * try (GatehouseServer server = Gatehouse.builder()
 *         .config(c -> c.hmacSecret(secret).port(8080))
 *         .handler(...)
 *         .start()) {
 *     System.out.println("Listening on " + server.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #stop()} closes every connection with 1001 first, then stops Gatehouse and the server.
 */
public final class GatehouseServer implements AutoCloseable {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    /** Where {@code gatehouse.metrics.prometheus} serves the meters. */
    public static final String METRICS_PATH = "/metrics";

    private final Gatehouse gatehouse;
    private final String host;
    private final String path;
    private final GrizzlyHost grizzly;
    private final Duration drain;
    private final boolean secure;
    private volatile boolean started;

    private GatehouseServer(Builder b, Values settings) {
        this.gatehouse = b.gatehouse;
        this.host = settings.get(ServerSettings.HOST);
        GrizzlyHost.Address address = new GrizzlyHost.Address(host,
                b.port != null ? b.port : settings.get(ServerSettings.PORT), settings.get(ServerSettings.PATH),
                settings.get(ServerSettings.HEALTH), TlsSettings.read(settings),
                CompressionSettings.read(settings, gatehouse.config().maxMessageSize(), gatehouse.runtime().metrics()));
        this.drain = settings.get(ServerSettings.DRAIN);
        this.secure = address.tls() != null;
        Map<String, HttpGet> gets = new LinkedHashMap<>(b.httpGets);
        if (settings.get(ServerSettings.PROMETHEUS)) {
            gets.putIfAbsent(METRICS_PATH, PrometheusScrape.handler(gatehouse.runtime().metrics()));
        }
        if (settings.get(ServerSettings.STATUS)) {
            StatusPage.handlers(gatehouse.runtime().metrics()).forEach(gets::putIfAbsent);
        }
        this.grizzly = new GrizzlyHost(gatehouse.runtime(), address, new GatehouseConfigurator(gatehouse),
                b.staticContent, List.copyOf(b.endpoints), Map.copyOf(gets));
        this.path = address.path();
    }

    /**
     * A builder for a server running the given Gatehouse, with the settings of its configuration
     * ({@code gatehouse.host}, {@code gatehouse.port}, {@code gatehouse.path}, TLS, compression).
     *
     * @param gatehouse what the server runs
     * @return the builder
     */
    public static Builder builder(Gatehouse gatehouse) {
        return new Builder(gatehouse);
    }

    /**
     * Binds the port and starts accepting connections. When the address cannot be bound, the
     * Gatehouse is shut down (nothing was served) and the failure names the address.
     *
     * @return this server
     * @throws UncheckedIOException when the address cannot be bound
     * @throws IllegalStateException when the Grizzly on the class path builds a filter chain that
     *     Gatehouse's filters cannot run in (another version than the one Gatehouse pins)
     */
    public GatehouseServer start() {
        gatehouse.runtime().start(); // housekeeping and the backplane before the first connection
        try {
            grizzly.start();
        } catch (IOException e) {
            gatehouse.shutdown(Duration.ZERO); // stops what the Gatehouse holds (a JWKS refresher)
            throw new UncheckedIOException("Cannot listen on " + host + ":" + grizzly.port()
                    + " (" + ServerSettings.HOST.name() + ", " + ServerSettings.PORT.name() + ")", e);
        } catch (IllegalStateException e) { // Grizzly's filter chain is not what the standalone server needs
            gatehouse.shutdown(Duration.ZERO);
            throw e;
        }
        started = true;
        return this;
    }

    /**
     * Stops this server when the process is asked to end (SIGTERM, SIGINT; {@code docker stop},
     * {@code kubectl delete}, Ctrl-C), before the JVM's own shutdown begins, then exits with 128 + the
     * signal's number. A shutdown hook that calls {@link #stop()} works too, but with
     * java.util.logging (the default for {@code System.Logger}) it races the JVM's hook that resets
     * logging, and the last connections' close lines can be lost.
     *
     * @return this server
     */
    public GatehouseServer stopOnTermination() {
        TerminationSignals.install(this::stop);
        return this;
    }

    /** {@return the port bound; useful with {@code gatehouse.port=0}} */
    public int port() {
        return grizzly.port();
    }

    /**
     * {@return the WebSocket URI of the endpoint, for example {@code ws://127.0.0.1:8025/ws}, or
     * {@code wss://} with TLS on}
     */
    public URI uri() {
        return URI.create((secure ? "wss" : "ws") + "://" + authority() + path);
    }

    /** {@return the HTTP URI of the server's root, {@code http://} or with TLS on {@code https://}} */
    public URI httpUri() {
        return URI.create((secure ? "https" : "http") + "://" + authority() + "/");
    }

    private String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** {@return the Gatehouse this server runs} */
    public Gatehouse gatehouse() {
        return gatehouse;
    }

    /**
     * Stops: {@code /health/ready} answers 503 at once (new connections are closed with 1001), for
     * {@code gatehouse.shutdown.drain} nothing else changes, then every connection is closed with
     * 1001 ({@link CloseReasons#SERVER_SHUTDOWN}) and the port closes. Idempotent.
     */
    public void stop() {
        if (started) {
            started = false;
            gatehouse.runtime().drain();
            if (!drain.isZero()) {
                try {
                    Thread.sleep(drain.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            grizzly.stop(SHUTDOWN_GRACE);
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Builds a {@link GatehouseServer}: what it serves beside the Gatehouse endpoint. Its settings
     * are the Gatehouse's configuration ({@link GatehouseConfig.Builder}'s setters or properties).
     */
    public static final class Builder {
        private final Gatehouse gatehouse;
        private Integer port;
        private Map.Entry<ClassLoader, String> staticContent;
        private final List<ServerEndpointConfig> endpoints = new ArrayList<>();
        private final Map<String, HttpGet> httpGets = new LinkedHashMap<>();

        private Builder(Gatehouse gatehouse) {
            this.gatehouse = Objects.requireNonNull(gatehouse, "gatehouse");
        }

        /**
         * Binds this port rather than the configuration's {@code gatehouse.port}: a port chosen
         * when the server starts (0 picks a free one, see {@link GatehouseServer#port()}).
         *
         * @param port the port
         * @return this builder
         * @throws ConfigurationException naming {@code gatehouse.port} when it is not 0 to 65535
         */
        public Builder port(int port) {
            this.port = ServerSettings.PORT.accept(port);
            return this;
        }

        /**
         * Serves the files of a class-path folder at {@code /} (for example a demo page).
         *
         * @param loader the class loader to read from
         * @param folder the folder, for example {@code "web/"}
         * @return this builder
         */
        public Builder staticContent(ClassLoader loader, String folder) {
            this.staticContent = Map.entry(loader, folder);
            return this;
        }

        /**
         * Deploys another endpoint in the same Tyrus container, on the same port and thread pools,
         * beside the Gatehouse endpoint. Gatehouse does not check its handshakes: its path must
         * differ from Gatehouse's, and it is not closed by {@link GatehouseServer#stop()} before the
         * container stops.
         *
         * @param config the endpoint, for example built with {@link ServerEndpointConfig.Builder}
         * @return this builder
         */
        public Builder endpoint(ServerEndpointConfig config) {
            endpoints.add(Objects.requireNonNull(config, "config"));
            return this;
        }

        /**
         * Answers {@code GET} requests at one exact path, beside the endpoint and the static content
         * (other methods get 405). The path must differ from Gatehouse's.
         *
         * @param path the path, starting with {@code /}, for example {@code /demo/token}
         * @param handler what answers each request
         * @return this builder
         * @throws IllegalArgumentException when the path does not start with {@code /}
         */
        public Builder httpGet(String path, HttpGet handler) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("HTTP path must start with '/': " + path);
            }
            httpGets.put(path, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Builds the server, not yet started.
         *
         * @return the server
         * @throws IllegalArgumentException when another endpoint or an HTTP path is Gatehouse's path
         * @throws ConfigurationException when a {@code gatehouse.tls.*} file is missing or unusable (a
         *     wrong password, a key that does not match its certificate), or the TLS settings do not go
         *     together; when {@code gatehouse.metrics.prometheus} is true and
         *     Micrometer's Prometheus registry is missing, or the meters do not go to Micrometer; when
         *     {@code gatehouse.status.enabled} is true and Micrometer is missing, or the meters do not go to it
         */
        public GatehouseServer build() {
            Values settings = gatehouse.config().values();
            if (settings.get(ServerSettings.PROMETHEUS)) {
                Backends.checkPrometheus(gatehouse.runtime().metrics());
            }
            if (settings.get(ServerSettings.STATUS)) {
                Backends.checkStatus(gatehouse.runtime().metrics());
            }
            String path = settings.get(ServerSettings.PATH);
            if (httpGets.containsKey(path)) {
                throw new IllegalArgumentException("HTTP path " + path
                        + " is the Gatehouse endpoint's (" + ServerSettings.PATH.name() + ")");
            }
            for (ServerEndpointConfig e : endpoints) {
                if (e.getPath().equals(path)) {
                    throw new IllegalArgumentException("endpoint path " + e.getPath()
                            + " is the Gatehouse endpoint's (" + ServerSettings.PATH.name() + ")");
                }
            }
            return new GatehouseServer(this, settings);
        }
    }
}
