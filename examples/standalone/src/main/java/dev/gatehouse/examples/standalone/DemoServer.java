package dev.gatehouse.examples.standalone;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.examples.chat.ChatRooms;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone demo: a chat and an echo handler on Tyrus + Grizzly, with a browser page at
 * {@code /}. Configured by system properties and environment variables; with no key configured it
 * runs in demo mode with a random HS256 secret and prints a token valid for an hour.
 */
public final class DemoServer {
    private static final Duration DEMO_TOKEN_LIFETIME = Duration.ofHours(1);

    private DemoServer() {
    }

    /**
     * A running demo.
     *
     * @param server the server
     * @param demoToken the printed demo token, empty when a real key is configured
     */
    public record Running(GatehouseServer server, Optional<String> demoToken) {
    }

    /** Starts the demo and waits until the JVM is stopped. */
    public static void main(String[] args) throws InterruptedException {
        Running demo = start(ConfigSource.system());
        Runtime.getRuntime().addShutdownHook(new Thread(demo.server()::stop, "gatehouse-shutdown"));
        System.out.println(instructions(demo));
        new CountDownLatch(1).await();
    }

    /** Starts the demo with the given configuration. */
    public static Running start(ConfigSource source) {
        GatehouseConfig config = GatehouseConfig.from(source).build();
        Optional<String> demoToken = Optional.empty();
        if (!config.jwt().hasKey()) {
            String secret = randomSecret();
            config = config.toBuilder().hmacSecret(secret).build();
            demoToken = Optional.of(mintToken(secret, "demo", DEMO_TOKEN_LIFETIME));
        }
        ChatRooms rooms = new ChatRooms();
        Gatehouse.Builder gatehouse = Gatehouse.builder().config(config).listener(rooms).loadServices();
        ChatHandlers.all(rooms).forEach(gatehouse::handler);
        GatehouseServer server = GatehouseServer.builder(gatehouse.build())
                .config(source)
                .staticContent(DemoServer.class.getClassLoader(), "web/")
                .build()
                .start();
        return new Running(server, demoToken);
    }

    /** What the demo prints: where it listens and how to connect. */
    static String instructions(Running demo) {
        String ws = demo.server().uri().toString();
        String page = ws.replaceFirst("^ws", "http").replaceFirst(demo.server().uri().getPath() + "$", "/");
        StringBuilder out = new StringBuilder()
                .append("Gatehouse is listening on ").append(ws).append('\n');
        if (demo.demoToken().isEmpty()) {
            return out.append("Connect with a token signed by the configured key.\n").toString();
        }
        String token = demo.demoToken().get();
        return out.append("Demo mode: no key configured, so a random HS256 secret is in use.\n")
                .append("Demo token for user 'demo', valid for 1 hour:\n\n    ").append(token).append("\n\n")
                .append("Try it in a browser:  ").append(page).append("#token=").append(token).append('\n')
                .append("or from a terminal:   websocat -H 'Authorization: Bearer ").append(token).append("' ")
                .append(ws).append('\n')
                .append("then send:            {\"type\":\"echo\",\"id\":\"1\",\"data\":{\"hello\":\"world\"}}\n")
                .toString();
    }

    /** An HS256 token for the demo. */
    static String mintToken(String secret, String subject, Duration lifetime) {
        Instant now = Instant.now();
        return Jwts.builder()
                .subject(subject)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(lifetime)))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)))
                .compact();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
