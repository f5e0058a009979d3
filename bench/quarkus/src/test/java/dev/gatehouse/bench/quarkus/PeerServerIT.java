package dev.gatehouse.bench.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The peer's jar, started as the benchmark starts it, with the properties the benchmark gives
 * Gatehouse and tokens minted as the benchmark mints them ({@link TestTokens}: {@code sub},
 * {@code iat}, {@code exp}, nothing else), over real sockets with the JDK's WebSocket client.
 */
class PeerServerIT {
    private static final String SECRET = "bench-secret-bench-secret-bench-secret-0123456789";

    @Test
    void aValidHs256TokenIsWelcomedWithItsSubjectAndItsFramesAnswered() throws Exception {
        try (PeerProcess peer = new PeerProcess("peer-hs256", Map.of("gatehouse.jwt.secret", SECRET));
                TestClient alice = TestClient.connect(uri(peer), TestTokens.hs256(SECRET).subject("alice").compact())) {
            JsonObject welcome = alice.next();
            assertEquals("welcome", welcome.getString("type"), welcome.toString());
            assertEquals("alice", welcome.getJsonObject("data").getString("user_id"), welcome.toString());
            assertFalse(welcome.getJsonObject("data").getString("connection_id").isEmpty(), welcome.toString());

            alice.sendRaw("{\"type\":\"echo\",\"id\":\"7\",\"data\":{\"text\":\"hi\",\"n\":[1,2]},\"timestamp\":1.5}");
            assertEquals(json("{\"type\":\"echo\",\"data\":{\"text\":\"hi\",\"n\":[1,2]},\"reply_to\":\"7\"}"), alice.next());

            alice.send("chat.sned", "8", JsonObject.EMPTY_JSON_OBJECT);
            JsonObject error = alice.next();
            assertEquals("error", error.getString("type"), error.toString());
            assertEquals("UNKNOWN_TYPE", error.getJsonObject("data").getString("error_code"), error.toString());
            assertEquals("8", error.getString("reply_to"), error.toString());

            alice.sendRaw("not json");
            assertEquals("MALFORMED_MESSAGE", alice.next().getJsonObject("data").getString("error_code"));
            alice.send("echo", "9", JsonObject.EMPTY_JSON_OBJECT);
            assertEquals("9", alice.next().getString("reply_to"), "the connection stays open after a malformed frame");
        }
    }

    @Test
    void aForgedExpiredOrMissingTokenIsRefused401BeforeTheUpgrade() throws Exception {
        try (PeerProcess peer = new PeerProcess("peer-refused", Map.of("gatehouse.jwt.secret", SECRET))) {
            assertEquals(401, refusal(peer, TestTokens.hs256(SECRET.replace('0', '1')).subject("mallory").compact()));
            assertEquals(401, refusal(peer, TestTokens.hs256(SECRET).subject("late").expiresIn(Duration.ofMinutes(-5)).compact()));
            assertEquals(401, refusal(peer, null));
            assertEquals("COUNT 0", peer.command("count"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void aPemPublicKeyInMpJwtVerifyPublickeyVerifiesTokensOfTheAlgorithmThatFitsIt(String alg) throws Exception {
        KeyPair pair = keyPair(alg);
        KeyPair other = keyPair(alg);
        // On one line, as the benchmark passes it.
        String pem = TestKeys.pem(pair.getPublic()).replace("\n", "");
        try (PeerProcess peer = new PeerProcess("peer-" + alg, Map.of("mp.jwt.verify.publickey", pem));
                TestClient bob = TestClient.connect(uri(peer), TestTokens.signedWith(pair.getPrivate(), alg).subject("bob").compact())) {
            assertEquals("bob", bob.next().getJsonObject("data").getString("user_id"));
            assertEquals(401, refusal(peer, TestTokens.signedWith(other.getPrivate(), alg).subject("eve").compact()));
        }
    }

    @Test
    void theControlChannelCountsJoinsFansOutAndQuits() throws Exception {
        try (PeerProcess peer = new PeerProcess("peer-control", Map.of("gatehouse.jwt.secret", SECRET));
                TestClient one = TestClient.connect(uri(peer), TestTokens.hs256(SECRET).subject("one").compact());
                TestClient two = TestClient.connect(uri(peer), TestTokens.hs256(SECRET).subject("two").compact())) {
            assertEquals("one", one.next().getJsonObject("data").getString("user_id"));
            assertEquals("two", two.next().getJsonObject("data").getString("user_id"));
            assertEquals("COUNT 2", peer.command("count"));
            assertTrue(Long.parseLong(peer.command("cpu").replaceFirst("^CPU ", "")) > 0);
            String[] mem = peer.command("mem").split(" ");
            assertEquals("MEM", mem[0]);
            assertTrue(Long.parseLong(mem[1]) > 0 && Long.parseLong(mem[2]) > 0, String.join(" ", mem));

            assertEquals("JOINED 2", peer.command("join"));
            assertEquals("SENT 6", peer.command("fanout peer 3"));
            for (TestClient c : List.of(one, two)) {
                for (int i = 0; i < 3; i++) {
                    JsonObject fan = c.next();
                    assertEquals("fan", fan.getString("type"), fan.toString());
                    assertEquals("a message to everyone in the room", fan.getJsonObject("data").getString("text"));
                    assertTrue(fan.getJsonNumber("timestamp").doubleValue() > 0, fan.toString());
                }
            }
            assertEquals("ERR nonsense", peer.command("nonsense"));
            assertEquals("BYE", peer.command("quit"));
            assertEquals(0, peer.awaitExit());
        }
    }

    /** The status of a refused upgrade with this token (none when null); fails if it was accepted. */
    private static int refusal(PeerProcess peer, String token) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            b.buildAsync(uri(peer), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS).abort();
            throw new AssertionError("upgraded");
        } catch (ExecutionException e) {
            return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
        }
    }

    private static KeyPair keyPair(String alg) {
        return switch (alg) {
            case "RS256" -> TestKeys.rsa();
            case "ES256" -> TestKeys.ec256();
            default -> TestKeys.ed25519();
        };
    }

    private static URI uri(PeerProcess peer) {
        return URI.create("ws://127.0.0.1:" + peer.port + "/ws");
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
