package dev.gatehouse.examples.standalone;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.Metrics;
import dev.gatehouse.examples.chat.Chat;
import dev.gatehouse.examples.chat.Moderation;
import dev.gatehouse.examples.chat.Mutes;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.HttpGet;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * The standalone demo: the example {@link Chat} bean (the one the WAR runs) and an echo handler on
 * Tyrus + Grizzly, with a browser page at {@code /}. Configured by system properties and environment
 * variables; presence is tracked, and history kept (a client that reconnects recovers what it
 * missed), for the chat rooms ({@code chat:*}) unless {@code gatehouse.presence.rooms} or {@code
 * gatehouse.history.rooms} says otherwise.
 *
 * <p>It needs a token key, or the explicit switch {@code gatehouse.demo=true} for demo mode: a random
 * HS256 secret, a token printed valid for an hour, tokens minted for any user name at
 * {@code GET /demo/token?user=NAME}, and {@code /metrics} and {@code /status} served, all without
 * authentication. So demo mode fails closed: never without the switch (a missing key is refused at
 * startup, naming the key settings and the switch), never together with a key, and never on a
 * {@code gatehouse.host} that is not a loopback address, where anyone who reaches the port could be
 * anyone. The switch is a setting of its own rather than a value of another one so that a
 * deployment's configuration shows it plainly.
 */
public final class DemoServer {
    private static final Duration DEMO_TOKEN_LIFETIME = Duration.ofHours(1);
    private static final String PRESENCE_ROOMS = "gatehouse.presence.rooms";
    private static final String HISTORY_ROOMS = "gatehouse.history.rooms";
    private static final String REDIS_URI = "gatehouse.cluster.redis.uri";
    /** The switch for demo mode. */
    static final String DEMO = "gatehouse.demo";
    private static final String HOST = "gatehouse.host";
    private static final String KEY_SETTINGS = "gatehouse.jwt.secret, mp.jwt.verify.publickey or mp.jwt.verify.publickey.location";
    /** Where the page mints a demo token for another user, in demo mode only. */
    static final String TOKEN_PATH = "/demo/token";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    private DemoServer() {
    }

    /**
     * A running demo.
     *
     * @param server the server
     * @param demoToken the printed demo token, empty when a real key is configured
     * @param cluster this node's id and whether it reaches other nodes through Redis
     */
    public record Running(GatehouseServer server, Optional<String> demoToken, String cluster) {
    }

    /** Starts the demo and waits until the JVM is stopped. */
    public static void main(String[] args) throws InterruptedException {
        Running demo = start(ConfigSource.system());
        demo.server().stopOnTermination(); // the last connections' close lines are logged before the JVM shuts down
        System.out.println(instructions(demo));
        new CountDownLatch(1).await();
    }

    /**
     * Starts the demo with the given configuration.
     *
     * @throws ConfigurationException without a key and without {@code gatehouse.demo=true}, with both,
     *     or with the switch on a {@code gatehouse.host} that is not a loopback address
     */
    public static Running start(ConfigSource source) {
        Optional<String> secret = demoMode(source, GatehouseConfig.from(source).build().jwt().hasKey())
                ? Optional.of(randomSecret()) : Optional.empty();
        // A registry of its own for /metrics and /status (rather than Micrometer's global one, to
        // which the server would add a Prometheus registry after the meters exist).
        Mutes mutes = new Mutes(); // one set, which moderators change and the chat consults
        Gatehouse gatehouse = Gatehouse.builder(source.withFallback(demoDefaults(secret.isPresent())))
                .config(c -> secret.ifPresent(c::hmacSecret))
                .loadServices()
                .metrics(Metrics.micrometer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
                .handlers(new Chat(mutes), new Moderation(mutes))
                .handler(FrameHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data)))
                .build();
        GatehouseServer.Builder server = GatehouseServer.builder(gatehouse)
                .staticContent(DemoServer.class.getClassLoader(), "web/");
        secret.ifPresent(s -> server.httpGet(TOKEN_PATH, query -> demoToken(s, query.get("user"))));
        String node = gatehouse.clusterStatus().nodeId();
        String cluster = source.get(REDIS_URI).isPresent()
                ? "Cluster node " + node + " on Redis (" + REDIS_URI + "): rooms and presence span every node on it"
                : "One node (" + node + "), no Redis; set -D" + REDIS_URI + "=redis://host:6379 to join others";
        return new Running(server.build().start(),
                secret.map(s -> mintToken(s, "demo", DEMO_TOKEN_LIFETIME)), cluster);
    }

    /**
     * Whether to run in demo mode: only when switched on, without a key, on a loopback address.
     *
     * @throws ConfigurationException naming the setting at fault otherwise
     */
    static boolean demoMode(ConfigSource source, boolean hasKey) {
        boolean demo = source.get(DEMO).map(v -> switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(DEMO, "expected true or false, got '" + v + "'");
        }).orElse(false);
        if (!demo) {
            if (!hasKey) {
                throw new ConfigurationException(KEY_SETTINGS.substring(0, KEY_SETTINGS.indexOf(',')), "no token key is"
                        + " configured: set " + KEY_SETTINGS + ", or -D" + DEMO + "=true for demo mode on a loopback"
                        + " address (anyone who reaches it may mint a token for any user)");
            }
            return false;
        }
        if (hasKey) {
            throw new ConfigurationException(DEMO, "demo mode makes its own key; remove it or the configured key ("
                    + KEY_SETTINGS + ")");
        }
        Optional<String> host = source.get(HOST);
        if (host.isPresent() && !loopback(host.get().strip())) {
            throw new ConfigurationException(DEMO, "demo mode mints a token for any user who asks, so it runs only on"
                    + " a loopback " + HOST + " (127.0.0.1, ::1, localhost), not on '" + host.get()
                    + "'; configure a key to serve beyond this machine");
        }
        return true;
    }

    /** Whether every address {@code host} names is a loopback address (an unknown name is not). */
    private static boolean loopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The demo's defaults, under whatever the source sets: presence and history for the chat rooms;
     * in demo mode, {@code /metrics} and {@code /status} served too.
     */
    private static ConfigSource demoDefaults(boolean demo) {
        Map<String, String> defaults = new HashMap<>(Map.of(PRESENCE_ROOMS, Chat.ROOMS + "*",
                HISTORY_ROOMS, Chat.ROOMS + "*"));
        if (demo) {
            defaults.putAll(Map.of("gatehouse.metrics.prometheus", "true", "gatehouse.status.enabled", "true"));
        }
        return ConfigSource.of(defaults);
    }

    /**
     * The answer of {@code GET /demo/token?user=NAME} in demo mode: {@code {"user", "token"}}, a
     * token for that user valid for an hour, or 400 for a name that is not 1 to 64 of {@code
     * [A-Za-z0-9_.@-]}.
     */
    static HttpGet.Answer demoToken(String secret, String user) {
        if (user == null || !USER_NAME.matcher(user).matches()) {
            return new HttpGet.Answer(400, "application/json", Json.createObjectBuilder()
                    .add("error_code", "INVALID_USER")
                    .add("error_message", "user must be 1 to 64 of [A-Za-z0-9_.@-]").build().toString());
        }
        return new HttpGet.Answer(200, "application/json", Json.createObjectBuilder()
                .add("user", user)
                .add("token", mintToken(secret, user, DEMO_TOKEN_LIFETIME)).build().toString());
    }

    /** What the demo prints: where it listens and how to connect. */
    static String instructions(Running demo) {
        String ws = demo.server().uri().toString();
        String page = demo.server().httpUri().toString();
        StringBuilder out = new StringBuilder()
                .append("Gatehouse is listening on ").append(ws).append('\n')
                .append(demo.cluster()).append('\n');
        if (demo.demoToken().isEmpty()) {
            return out.append("Health: ").append(page).append("health/ready\n")
                    .append("Connect with a token signed by the configured key.\n").toString();
        }
        out.append("Live status: ").append(page).append("status   metrics: ").append(page)
                .append("metrics   health: ").append(page).append("health/ready\n");
        String token = demo.demoToken().get();
        return out.append("Demo mode (" + DEMO + "=true): a random HS256 secret is in use; loopback only.\n")
                .append("Demo token for user 'demo', valid for 1 hour:\n\n    ").append(token).append("\n\n")
                .append("Try it in a browser:  ").append(page).append("#token=").append(token).append('\n')
                .append("                      (\"Connect as\" there mints a token for another user name: two tabs, two\n")
                .append("                      names, one chat room)\n")
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
