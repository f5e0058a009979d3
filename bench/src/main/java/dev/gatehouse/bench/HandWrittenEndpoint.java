package dev.gatehouse.bench;

import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.glassfish.tyrus.spi.UpgradeResponse;

/**
 * The endpoint a Jakarta EE team writes by hand instead of using Gatehouse, as the benchmark's
 * "hand-written" column: a {@link TokenCheck} configurator verifies the {@code Authorization: Bearer}
 * token with jjwt (one parser and key, built when Tyrus deploys the endpoint) and refuses the upgrade
 * with 401; {@code @OnOpen} sends a welcome; {@code @OnMessage} parses with JSON-P, switches on
 * {@code type} and answers with JSON-B. On the wire it is close enough to Gatehouse for the same
 * drivers: the first frame is the welcome, an {@code echo} is answered with its {@code data} and
 * {@code reply_to}.
 *
 * <p>Not a straw man: the parser, the key, the JSON-P reader factory and the {@code Jsonb} are built
 * once, replies go out asynchronously as the bare echo's do, and ES keys are verified with Bouncy
 * Castle as Gatehouse verifies them (both have it on this class path). What it does not have is what
 * Gatehouse adds: a verified-token cache, revocation, limits, rooms, a protocol.
 */
@ServerEndpoint(value = "/hand", configurator = HandWrittenEndpoint.TokenCheck.class)
public final class HandWrittenEndpoint {
    /** Open sessions: the team's "send to everyone", and the runner's count of open connections. */
    static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();
    private static final String USER_ID = "user_id";
    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());
    private static final Jsonb JSONB = JsonbBuilder.create(
            new JsonbConfig().withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));

    /** A server frame; a null {@code replyTo} is left out. */
    public record Frame(String type, Object data, String replyTo, BigDecimal timestamp) {
        Frame(String type, Object data, String replyTo) {
            this(type, data, replyTo, BigDecimal.valueOf(System.currentTimeMillis(), 3)); // seconds, to the millisecond
        }
    }

    /** The welcome's data. */
    public record Welcome(String connectionId, String userId) {
    }

    /** An error frame's data. */
    public record Problem(String code, String message) {
    }

    @OnOpen
    public void onOpen(Session session) {
        String user = (String) session.getUserProperties().get(USER_ID);
        if (user == null) {
            // Tyrus opens the session even after the configurator answered 401: never serve it.
            close(session);
            return;
        }
        session.setMaxIdleTimeout(0);
        SESSIONS.add(session);
        send(session, new Frame("welcome", new Welcome(session.getId(), user), null));
    }

    @OnMessage
    public void onMessage(Session session, String text) {
        JsonObject frame;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            frame = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            send(session, new Frame("error", new Problem("MALFORMED_MESSAGE", "not a JSON object"), null));
            return;
        }
        String id = frame.getString("id", null);
        switch (frame.getString("type", "")) {
            case "echo" -> send(session, new Frame("echo", frame.getOrDefault("data", JsonValue.NULL), id));
            default -> send(session, new Frame("error", new Problem("UNKNOWN_TYPE", "no handler for this type"), id));
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        SESSIONS.remove(session);
    }

    /** Sends {@code data} as a frame of {@code type} to every open session, encoded once; how many sends. */
    static int broadcast(String type, Object data) {
        String text = JSONB.toJson(new Frame(type, data, null));
        int sent = 0;
        for (Session session : SESSIONS) {
            session.getAsyncRemote().sendText(text);
            sent++;
        }
        return sent;
    }

    private static void send(Session session, Frame frame) {
        session.getAsyncRemote().sendText(JSONB.toJson(frame));
    }

    private static void close(Session session) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "unauthorized"));
        } catch (java.io.IOException e) {
            // gone already
        }
    }

    /**
     * Verifies the bearer token before the upgrade: the subject goes into the handshake's user
     * properties (Tyrus gives each handshake its own, and copies them into the session), a missing,
     * forged or expired token gets 401 and no WebSocket.
     */
    public static final class TokenCheck extends ServerEndpointConfig.Configurator {
        private final JwtParser parser = parser();

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            String user = null;
            List<String> authorization = request.getHeaders().get("Authorization");
            if (authorization != null && !authorization.isEmpty() && authorization.get(0).startsWith("Bearer ")) {
                try {
                    user = parser.parseSignedClaims(authorization.get(0).substring(7).trim()).getPayload().getSubject();
                } catch (JwtException | IllegalArgumentException e) {
                    user = null;
                }
            }
            if (user == null) { // Tyrus' own way to refuse: the status of its upgrade response
                UpgradeResponse refusal = (UpgradeResponse) response;
                refusal.setStatus(401);
                refusal.setReasonPhrase("Unauthorized");
                refusal.getHeaders().keySet().removeIf(name -> !name.equalsIgnoreCase("Sec-WebSocket-Protocol"));
                refusal.getHeaders().put(UpgradeResponse.WWW_AUTHENTICATE, List.of("Bearer"));
                refusal.getHeaders().put("Content-Length", List.of("0"));
                refusal.getHeaders().put("Connection", List.of("close"));
                return;
            }
            config.getUserProperties().put(USER_ID, user);
        }

        /** From BenchServer's configuration: {@code gatehouse.jwt.secret} (HS256) or {@code mp.jwt.verify.publickey} (PEM). */
        private static JwtParser parser() {
            String secret = System.getProperty("gatehouse.jwt.secret");
            if (secret != null) {
                return Jwts.parser().verifyWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8))).build();
            }
            String pem = System.getProperty("mp.jwt.verify.publickey");
            if (pem == null) {
                throw new IllegalStateException("neither gatehouse.jwt.secret nor mp.jwt.verify.publickey is set");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", ""));
            try {
                return publicKeyParser(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)), null);
            } catch (GeneralSecurityException notRsa) {
                try {
                    BouncyCastleProvider bc = new BouncyCastleProvider();
                    return publicKeyParser(KeyFactory.getInstance("EC", bc).generatePublic(new X509EncodedKeySpec(der)), bc);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("mp.jwt.verify.publickey is neither an RSA nor an EC key", e);
                }
            }
        }

        private static JwtParser publicKeyParser(PublicKey key, java.security.Provider provider) {
            JwtParserBuilder builder = Jwts.parser().verifyWith(key);
            return (provider == null ? builder : builder.provider(provider)).build();
        }
    }
}
