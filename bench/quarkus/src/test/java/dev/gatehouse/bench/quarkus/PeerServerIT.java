package dev.gatehouse.bench.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aValidHs256TokenIsWelcomedWithItsSubjectAndItsFramesAnswered() throws Exception {
        try (PeerProcess peer = new PeerProcess("peer-hs256", Map.of("gatehouse.jwt.secret", SECRET))) {
            Client alice = Client.connect(peer, TestTokens.hs256(SECRET).subject("alice").compact());

            JsonNode welcome = alice.next();
            assertEquals("welcome", welcome.path("type").asText(), welcome.toString());
            assertEquals("alice", welcome.path("data").path("user_id").asText(), welcome.toString());
            assertFalse(welcome.path("data").path("connection_id").asText().isEmpty(), welcome.toString());

            alice.send("{\"type\":\"echo\",\"id\":\"7\",\"data\":{\"text\":\"hi\",\"n\":[1,2]},\"timestamp\":1.5}");
            assertEquals(JSON.readTree("{\"type\":\"echo\",\"data\":{\"text\":\"hi\",\"n\":[1,2]},\"reply_to\":\"7\"}"),
                    alice.next());

            alice.send("{\"type\":\"chat.sned\",\"id\":\"8\",\"data\":{}}");
            JsonNode error = alice.next();
            assertEquals("error", error.path("type").asText(), error.toString());
            assertEquals("UNKNOWN_TYPE", error.path("data").path("error_code").asText(), error.toString());
            assertEquals("8", error.path("reply_to").asText(), error.toString());

            alice.send("not json");
            assertEquals("MALFORMED_MESSAGE", alice.next().path("data").path("error_code").asText());
            alice.send("{\"type\":\"echo\",\"id\":\"9\",\"data\":{}}");
            assertEquals("9", alice.next().path("reply_to").asText(), "the connection stays open after a malformed frame");
        }
    }

    @Test
    void aForgedOrMissingTokenIsRefused401BeforeTheUpgrade() throws Exception {
        try (PeerProcess peer = new PeerProcess("peer-forged", Map.of("gatehouse.jwt.secret", SECRET))) {
            String forged = TestTokens.hs256(SECRET.replace('0', '1')).subject("mallory").compact();
            assertEquals(401, refusal(peer, forged));
            assertEquals(401, refusal(peer, TestTokens.hs256(SECRET).subject("late").expiresIn(Duration.ofMinutes(-5)).compact()));
            assertEquals(401, refusal(peer, null));
            assertEquals("COUNT 0", peer.command("count"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256"})
    void aPemPublicKeyInMpJwtVerifyPublickeyVerifiesTokensOfTheAlgorithmThatFitsIt(String alg) throws Exception {
        KeyPair pair = alg.equals("RS256") ? TestKeys.rsa() : TestKeys.ec256();
        // One line, as the benchmark passes it on the command line.
        String pem = TestKeys.pem(pair.getPublic()).replace("\n", "");
        try (PeerProcess peer = new PeerProcess("peer-" + alg, Map.of("mp.jwt.verify.publickey", pem))) {
            Client bob = Client.connect(peer, TestTokens.signedWith(pair.getPrivate(), alg).subject("bob").compact());
            assertEquals("bob", bob.next().path("data").path("user_id").asText());

            KeyPair other = alg.equals("RS256") ? TestKeys.rsa() : TestKeys.ec256();
            assertEquals(401, refusal(peer, TestTokens.signedWith(other.getPrivate(), alg).subject("eve").compact()));
        }
    }

    @Test
    void theControlChannelCountsJoinsFansOutAndQuits() throws Exception {
        PeerProcess peer = new PeerProcess("peer-control", Map.of("gatehouse.jwt.secret", SECRET));
        try (peer) {
            Client one = Client.connect(peer, TestTokens.hs256(SECRET).subject("one").compact());
            Client two = Client.connect(peer, TestTokens.hs256(SECRET).subject("two").compact());
            one.next();
            two.next();
            assertEquals("COUNT 2", peer.command("count"));
            assertTrue(Long.parseLong(peer.command("cpu").replaceFirst("^CPU ", "")) > 0);
            String[] mem = peer.command("mem").split(" ");
            assertEquals("MEM", mem[0]);
            assertTrue(Long.parseLong(mem[1]) > 0 && Long.parseLong(mem[2]) > 0, String.join(" ", mem));

            assertEquals("JOINED 2", peer.command("join"));
            assertEquals("SENT 6", peer.command("fanout peer 3"));
            for (Client c : new Client[] {one, two}) {
                for (int i = 0; i < 3; i++) {
                    JsonNode fan = c.next();
                    assertEquals("fan", fan.path("type").asText(), fan.toString());
                    assertEquals("a message to everyone in the room", fan.path("data").path("text").asText());
                    assertTrue(fan.path("timestamp").asDouble() > 0, fan.toString());
                }
            }
            assertEquals("ERR nonsense", peer.command("nonsense"));
            assertEquals("BYE", peer.command("quit"));
            assertEquals(0, peer.awaitExit());
        }
    }

    /** The status of a refused upgrade with this token (none when null); fails if it was accepted. */
    private static int refusal(PeerProcess peer, String token) throws Exception {
        WebSocket.Builder b = HTTP.newWebSocketBuilder();
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

    private static URI uri(PeerProcess peer) {
        return URI.create("ws://127.0.0.1:" + peer.port + "/ws");
    }

    /** A JDK WebSocket client whose text frames queue up to be read in order. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static Client connect(PeerProcess peer, String token) throws Exception {
            Client c = new Client();
            c.ws = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(uri(peer), c).get(10, TimeUnit.SECONDS);
            return c;
        }

        void send(String text) throws Exception {
            ws.sendText(text, true).get(10, TimeUnit.SECONDS);
        }

        /** The next text frame, within 10 s. */
        JsonNode next() throws Exception {
            String f = frames.poll(10, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no frame within 10 s");
            }
            return JSON.readTree(f);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
