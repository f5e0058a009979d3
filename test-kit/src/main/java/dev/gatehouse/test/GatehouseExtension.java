package dev.gatehouse.test;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.test.internal.TestServerKeys;
import java.net.URI;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs a real standalone Gatehouse (Tyrus + Grizzly, 127.0.0.1, a free
 * port) with the application's handlers, and hands tests connected clients.
 *
 * <pre>{@code
 * @RegisterExtension
 * static GatehouseExtension gatehouse = GatehouseExtension.withHandlers(g -> g.handler(new OrderHandler()))
 *         .config(Map.of("mp.jwt.verify.issuer", "https://issuer.example"));
 *
 * @Test
 * void placesAnOrder(TestConnection alice) {          // connected as "test-user" and welcomed
 *     alice.send("order.place", "1", Json.createObjectBuilder().add("sku", "A-1").build());
 *     assertEquals("order.placed", alice.assertReply("1").type());
 * }
 *
 * @Test
 * void refusesTheOtherUsersOrder(@ConnectAs("bob") TestConnection bob) { ... }
 * }</pre>
 *
 * <p>The server reads the same properties as production ({@code mp.jwt.*}, {@code gatehouse.*}),
 * given as a map or a {@link ConfigSource}. Tokens come from {@link #tokens()}, minted from that
 * configuration. The key: the configured HMAC secret; with none, a random one; with a public key
 * ({@code mp.jwt.verify.publickey[.location]}), the private key given to {@link #signingKey},
 * else a key pair generated for the run whose public half replaces the configured one (issuer,
 * audiences, groups and algorithms stay as configured).
 *
 * <p>Registered on a static field, one server serves the whole class; on an instance field, each
 * test gets its own. Connections a test opened through the extension are closed after it.
 * Parameters it resolves: {@link TestConnection} (connected and welcomed, as {@link
 * #defaultUser} or the {@link ConnectAs} user), {@link TestTokens}, {@link GatehouseServer} and
 * {@link URI} (the endpoint).
 */
public final class GatehouseExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    /** The user that injected connections connect as, unless {@link ConnectAs} says otherwise. */
    public static final String DEFAULT_USER = "test-user";

    private final Consumer<Gatehouse.Builder> handlers;
    private final ConfigSource source;
    private final PrivateKey signingKey;
    private final String user;
    private final List<TestConnection> opened = new ArrayList<>();
    private GatehouseServer server;
    private TestTokens tokens;
    private boolean perTest;

    private GatehouseExtension(Consumer<Gatehouse.Builder> handlers, ConfigSource source, PrivateKey signingKey, String user) {
        this.handlers = handlers;
        this.source = source;
        this.signingKey = signingKey;
        this.user = user;
    }

    /**
     * A server with the handlers, checks and listeners the customizer adds to its builder.
     *
     * @param handlers adds them, e.g. {@code g -> g.handler(new OrderHandler())}
     * @return the extension
     */
    public static GatehouseExtension withHandlers(Consumer<Gatehouse.Builder> handlers) {
        return new GatehouseExtension(Objects.requireNonNull(handlers, "handlers"), ConfigSource.of(Map.of()), null, DEFAULT_USER);
    }

    /**
     * A server with the handlers, checks and listeners registered with {@link java.util.ServiceLoader}
     * (as {@link Gatehouse.Builder#loadServices()} finds them).
     *
     * @return the extension
     */
    public static GatehouseExtension withServices() {
        return withHandlers(Gatehouse.Builder::loadServices);
    }

    /**
     * The server's properties, as production would set them.
     *
     * @param properties by name, e.g. {@code mp.jwt.verify.issuer}, {@code gatehouse.heartbeat.interval}
     * @return a copy of this extension with that configuration
     */
    public GatehouseExtension config(Map<String, String> properties) {
        return config(ConfigSource.of(properties));
    }

    /**
     * The server's configuration source (for example {@link ConfigSource#system()}).
     *
     * @param source the source
     * @return a copy of this extension with that configuration
     */
    public GatehouseExtension config(ConfigSource source) {
        return new GatehouseExtension(handlers, Objects.requireNonNull(source, "source"), signingKey, user);
    }

    /**
     * The private half of the configured public key, to sign test tokens with.
     *
     * @param privateKey the key
     * @return a copy of this extension signing with it
     */
    public GatehouseExtension signingKey(PrivateKey privateKey) {
        return new GatehouseExtension(handlers, source, Objects.requireNonNull(privateKey, "privateKey"), user);
    }

    /**
     * The user injected connections connect as.
     *
     * @param user the subject of their tokens
     * @return a copy of this extension with that default
     */
    public GatehouseExtension defaultUser(String user) {
        return new GatehouseExtension(handlers, source, signingKey, Objects.requireNonNull(user, "user"));
    }

    /**
     * {@return the running server}
     *
     * @throws IllegalStateException before the server started
     */
    public GatehouseServer server() {
        return started(server);
    }

    /**
     * {@return the endpoint, {@code ws://127.0.0.1:PORT/ws}}
     *
     * @throws IllegalStateException before the server started
     */
    public URI uri() {
        return server().uri();
    }

    /**
     * {@return tokens the running server accepts, and its named refusals}
     *
     * @throws IllegalStateException before the server started
     */
    public TestTokens tokens() {
        return started(tokens);
    }

    /**
     * Connects as this user and takes the welcome; closed after the test.
     *
     * @param user the subject of the token
     * @return the connection, its welcome already taken
     */
    public TestConnection connect(String user) {
        TestConnection connection = connectWithToken(tokens().valid(user));
        connection.assertWelcome();
        return connection;
    }

    /**
     * Connects with this token and records whatever comes (a welcome, or an error and a close);
     * closed after the test.
     *
     * @param token the compact token
     * @return the connection
     */
    public TestConnection connectWithToken(String token) {
        TestConnection connection = TestConnection.open(client(token));
        synchronized (opened) {
            opened.add(connection);
        }
        return connection;
    }

    /**
     * A client builder for the running server with this token, for tests of the client's own
     * behaviour (reconnects, token refresh); the test closes what it builds.
     *
     * @param token the compact token
     * @return the builder
     */
    public GatehouseClient.Builder client(String token) {
        return GatehouseClient.builder(uri()).token(token);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<TestConnection> connections;
        synchronized (opened) {
            connections = List.copyOf(opened);
            opened.clear();
        }
        connections.forEach(TestConnection::close);
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestConnection.class || type == TestTokens.class || type == GatehouseServer.class || type == URI.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TestConnection.class) {
            return connect(parameter.findAnnotation(ConnectAs.class).map(ConnectAs::value).orElse(user));
        }
        if (type == TestTokens.class) {
            return tokens();
        }
        if (type == GatehouseServer.class) {
            return server();
        }
        if (type == URI.class) {
            return uri();
        }
        throw new ParameterResolutionException("Not a Gatehouse parameter: " + type);
    }

    private void start() {
        TestServerKeys keys = TestServerKeys.choose(source, Optional.ofNullable(signingKey));
        GatehouseConfig config = GatehouseConfig.from(keys.source()).host("127.0.0.1").port(0).build();
        Gatehouse.Builder gatehouse = Gatehouse.builder().config(config);
        handlers.accept(gatehouse);
        server = gatehouse.start();
        tokens = keys.tokens(config);
    }

    private void stop() {
        if (server != null) {
            server.stop();
            server = null;
            tokens = null;
        }
    }

    private static <T> T started(T value) {
        if (value == null) {
            throw new IllegalStateException("The Gatehouse server is not running: register the extension with "
                    + "@RegisterExtension and use it from a test or a @BeforeEach/@BeforeAll method");
        }
        return value;
    }
}
