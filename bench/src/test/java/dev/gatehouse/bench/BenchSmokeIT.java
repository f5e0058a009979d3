package dev.gatehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark scenario for a fraction of a second with tiny counts, so the benchmark
 * never rots. Asserts that each produced sane numbers, never how fast they are; and that the
 * hand-written endpoint behaves as the drivers expect.
 */
class BenchSmokeIT {
    private static final String JAR = Path.of("target", "gatehouse-bench.jar").toString();
    /** The peer's jar as the reactor builds it, seen from this module; its column is empty when it is not there. */
    private static final Path PEER = Path.of("quarkus", "target", "quarkus-app", "quarkus-run.jar");

    @Test
    void everyScenarioRunsAndProducesSaneNumbers() throws Exception {
        Path out = Path.of("target", "bench-smoke.json");
        System.setProperty("bench.pairs", "1");
        System.setProperty("bench.seconds", "0.3");
        System.setProperty("bench.warm", "0.2");
        System.setProperty("bench.serverWarm", "0.2");
        System.setProperty("bench.metrics.warm", "0.2");
        System.setProperty("bench.metrics.scrape", Path.of("target", "metrics-after-smoke.txt").toString());
        System.setProperty("bench.algs", "HS256,RS256"); // ES256: the endpoint test below; the peer verifies it on the JDK's provider, too slowly for 0.3 s windows on one core
        System.setProperty("bench.idle", "50");
        System.setProperty("bench.fanout", "50");
        System.setProperty("bench.storm", "40");
        System.setProperty("bench.tokens", "300");
        System.setProperty("bench.out", out.toString());
        System.setProperty("bench.serverHeap", "256m");
        System.setProperty("bench.classpath", JAR);
        System.setProperty("bench.peer", PEER.toString());
        boolean peer = Files.isRegularFile(PEER);

        BenchRunner runner = new BenchRunner();
        String table = runner.run();

        List<Scenario> scenarios = runner.results();
        // 4 handshake, 1 reconnect, 2 storm, 3 message, 1 fan-out, 1 idle, 2 cross-node per engine, 4 history,
        // 2 metrics off → on
        assertEquals(18 + 2 * 3, scenarios.size(), table); // engines: redis, hazelcast, jms
        List<Column> all = peer ? List.of(Column.values()) : List.of(Column.FLOOR, Column.HAND, Column.GATEHOUSE);
        for (Scenario s : scenarios) {
            boolean twoSided = s.name.contains("floor"); // "(floor: its backplane alone)", "metrics off (floor)", ...
            assertEquals(twoSided ? List.of(Column.FLOOR, Column.GATEHOUSE) : all, s.columns, s.name);
            for (Column c : Column.values()) {
                assertEquals(s.columns.contains(c) ? 1 : 0, s.runs(c).size(), s.name + ": " + c);
                for (Measurement m : s.runs(c)) {
                    assertTrue(m.value() > 0 && Double.isFinite(m.value()), s.name + ", " + c + ": " + m);
                    assertEquals(0, m.failures(), s.name + ", " + c + ": " + m);
                    if (m.p50Micros() >= 0) {
                        assertTrue(m.p50Micros() <= m.p99Micros(), s.name + ", " + c + ": " + m);
                    }
                    if (m.serverCpuMicrosPerOp() != -1) {
                        // A smoke storm lasts milliseconds, less than a tick of the process CPU clock (10 ms).
                        boolean brief = s.name.startsWith("reconnect storm") && m.value() < 100;
                        assertTrue(brief ? m.serverCpuMicrosPerOp() >= 0 : m.serverCpuMicrosPerOp() > 0,
                                s.name + ", " + c + ": " + m);
                    }
                }
            }
        }
        List<Scenario> storms = scenarios.stream().filter(s -> s.name.startsWith("reconnect storm")).toList();
        assertEquals(2, storms.size(), table);
        for (Scenario storm : storms) {
            assertTrue(storm.runs(Column.GATEHOUSE).get(0).p99Micros() > 0, storm.name);
        }
        assertTrue(table.contains("| scenario | floor | hand-written | Gatehouse | peer | GH/floor | GH/hand | GH/peer |"),
                table);
        assertEquals(!peer, table.contains("peer not built"), table);
        assertTrue(Files.readString(out).contains("\"hand\":[{"), "the JSON carries the hand-written column");
        assertEquals(table, Files.readString(Path.of("target", "bench-smoke.md")), "the table is written beside the JSON");
        assertTrue(Files.readString(Path.of("target", "metrics-after-smoke.txt")).contains("gatehouse_handshakes_total"),
                "the metered instance's /metrics is kept after the rows");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256", "ES256"})
    void handWrittenEndpointRefusesAForgedTokenWith401AndEchoes(String alg) throws Exception {
        BenchRunner.Keys keys = BenchRunner.Keys.forAlg(alg, 1);
        try (ServerProcess server = ServerProcess.benchServer(JAR, null, "128m", keys.serverProps(), List.of())) {
            URI hand = URI.create("ws://127.0.0.1:" + server.port + "/hand");
            String forged = TestTokens.hs256("a-secret-the-server-does-not-know-0123456789").subject("mallory")
                    .expiresIn(Duration.ofHours(1)).compact();
            for (String token : new String[] {forged, forged.substring(0, forged.lastIndexOf('.') + 1), null}) {
                WebSocket.Builder client = HttpClient.newHttpClient().newWebSocketBuilder();
                if (token != null) {
                    client.header("Authorization", "Bearer " + token);
                }
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> client.buildAsync(hand, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
                WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
                assertEquals(401, handshake.getResponse().statusCode());
            }
            assertEquals("", servedAfterRefusal(server.port, forged), "a refused connection is not served");

            try (TestClient client = TestClient.connect(hand, keys.pool().next())) {
                JsonObject welcome = client.next();
                assertEquals("welcome", welcome.getString("type"));
                assertEquals("user0", welcome.getJsonObject("data").getString("user_id"));
                assertTrue(!welcome.getJsonObject("data").getString("connection_id").isEmpty(), welcome.toString());

                client.sendRaw("{\"type\":\"echo\",\"id\":\"7\",\"data\":{\"text\":\"hi\",\"n\":[1,2.5,null]}}");
                JsonObject echo = client.next();
                assertEquals("echo", echo.getString("type"));
                assertEquals("7", echo.getString("reply_to"));
                assertEquals(Json.createReader(new StringReader("{\"text\":\"hi\",\"n\":[1,2.5,null]}")).readObject(),
                        echo.getJsonObject("data"));

                client.sendRaw("{\"type\":\"chat.sned\",\"id\":\"8\"}");
                JsonObject unknown = client.next();
                assertEquals("error", unknown.getString("type"));
                assertEquals("8", unknown.getString("reply_to"));
                assertEquals("UNKNOWN_TYPE", unknown.getJsonObject("data").getString("code"));

                client.sendRaw("not json");
                assertEquals("MALFORMED_MESSAGE", client.next().getJsonObject("data").getString("code"));
            }
        }
    }

    /**
     * What a raw client that reads the 401 and sends an echo frame all the same gets back (Tyrus
     * opens the session after a configurator's 401 regardless): everything after the 401's head when
     * it holds a welcome or a reply, else nothing.
     */
    private static String servedAfterRefusal(int port, String token) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("GET /hand HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertTrue(b >= 0, "closed before the status: " + head);
                head.append((char) b);
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 401 "), head.toString());
            byte[] echo = "{\"type\":\"echo\",\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[6 + echo.length]; // masked with key 0: the payload as is
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | echo.length);
            System.arraycopy(echo, 0, frame, 6, echo.length);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            try {
                socket.getOutputStream().write(frame);
                in.transferTo(rest);
            } catch (IOException e) {
                // closed, reset or timed out: what arrived before is the answer
            }
            String answer = rest.toString(StandardCharsets.ISO_8859_1);
            return answer.contains("reply_to") || answer.contains("welcome") ? answer : "";
        }
    }
}
