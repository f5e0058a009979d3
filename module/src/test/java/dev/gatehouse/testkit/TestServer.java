package dev.gatehouse.testkit;

import dev.gatehouse.Connections;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A real standalone Gatehouse server on 127.0.0.1 and a free port, with an HS256 secret, for
 * integration tests. Close it after the test.
 */
public final class TestServer implements AutoCloseable {
    /** The HS256 secret the server trusts. */
    public static final String SECRET = "integration-test-secret-of-at-least-256-bits!!";
    /** The secret the test nodes of one cluster sign their backplane messages with ({@code gatehouse.cluster.secret}). */
    public static final String CLUSTER_SECRET = "cluster-test-secret-of-at-least-32-bytes";

    private final GatehouseServer server;

    private TestServer(GatehouseServer server) {
        this.server = server;
    }

    /** Starts a server with default configuration and the handlers the customizer adds. */
    public static TestServer start(Consumer<Gatehouse.Builder> gatehouse) {
        return start(UnaryOperator.identity(), gatehouse);
    }

    /**
     * Starts a server with adjusted configuration and the handlers the customizer adds; it trusts
     * {@link #SECRET} unless the configuration names a key of its own.
     */
    public static TestServer start(UnaryOperator<GatehouseConfig.Builder> config, Consumer<Gatehouse.Builder> gatehouse) {
        return start(config, gatehouse, UnaryOperator.identity());
    }

    /**
     * Starts a server with adjusted configuration (the standalone server's settings included, for
     * example {@code c -> c.compressionEnabled(true)}), the handlers the customizer adds, and what
     * the server serves beside Gatehouse.
     */
    public static TestServer start(UnaryOperator<GatehouseConfig.Builder> config, Consumer<Gatehouse.Builder> gatehouse,
            UnaryOperator<GatehouseServer.Builder> server) {
        GatehouseConfig.Builder c = config.apply(GatehouseConfig.builder().port(0));
        if (!c.build().jwt().hasKey()) {
            c.hmacSecret(SECRET);
        }
        return serve(c, gatehouse, server);
    }

    /** For a test with its own {@code TokenVerifier}: a server with no key configured. */
    public static TestServer startWithoutKey(UnaryOperator<GatehouseConfig.Builder> config,
            Consumer<Gatehouse.Builder> gatehouse) {
        return serve(config.apply(GatehouseConfig.builder().port(0)), gatehouse, UnaryOperator.identity());
    }

    private static TestServer serve(GatehouseConfig.Builder config, Consumer<Gatehouse.Builder> gatehouse,
            UnaryOperator<GatehouseServer.Builder> server) {
        Gatehouse.Builder g = Gatehouse.builder().config(config.build());
        gatehouse.accept(g);
        return new TestServer(server.apply(GatehouseServer.builder(g.build())).build().start());
    }

    /** The endpoint URI. */
    public URI uri() {
        return server.uri();
    }

    /** The server, to stop it mid-test. */
    public GatehouseServer server() {
        return server;
    }

    /** A token for {@code subject} valid for an hour. */
    public static String token(String subject) {
        return token(subject, Duration.ofHours(1));
    }

    /** A token for {@code subject} valid for {@code lifetime} (negative: already expired). */
    public static String token(String subject, Duration lifetime) {
        return token(subject, lifetime, Map.of(), SECRET);
    }

    /** A token for {@code subject}, valid for an hour, with extra claims (for example {@code groups}). */
    public static String token(String subject, Map<String, ?> claims) {
        return token(subject, Duration.ofHours(1), claims, SECRET);
    }

    /** A token for {@code subject}, valid for an hour, signed with a secret the server does not trust. */
    public static String tokenSignedWith(String subject, String otherSecret) {
        return token(subject, Duration.ofHours(1), Map.of(), otherSecret);
    }

    private static String token(String subject, Duration lifetime, Map<String, ?> claims, String secret) {
        TestTokens token = TestTokens.hs256(secret).subject(subject).expiresIn(lifetime);
        claims.forEach(token::claim);
        return token.compact();
    }

    /** The server's open connections, as the application sees them. */
    public Connections connections() {
        return server.gatehouse().connections();
    }

    @Override
    public void close() {
        server.stop();
    }
}
