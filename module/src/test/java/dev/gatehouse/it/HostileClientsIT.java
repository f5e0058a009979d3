package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.Neighbour;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.RecordingListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and clumsy clients, one kind per test, against one server, while a well-behaved
 * neighbour pings it every 20 ms: each hostile client gets its documented answer, and the
 * neighbour's every ping is answered within {@link #NEIGHBOUR_BOUND} throughout (a liveness bound,
 * not a speed target). The neighbour's round trips are written to
 * {@code target/hostile-neighbour.txt}.
 */
class HostileClientsIT {
    private static final int LIMIT = 16 * 1024;
    private static final Duration NEIGHBOUR_BOUND = Duration.ofSeconds(1);
    private static final RecordingListener LIFECYCLE = new RecordingListener();
    private static TestServer server;
    private static Neighbour neighbour;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.maxMessageSize(LIMIT).handshakeTimeout(Duration.ofSeconds(2)),
                g -> g.listener(LIFECYCLE)
                        .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
        neighbour = new Neighbour(TestClient.connectWelcomed(server.uri(), TestServer.token("neighbour")), Neighbour.Trip.PING);
    }

    @AfterAll
    static void stop() throws IOException {
        neighbour.close();
        Files.writeString(Path.of("target", "hostile-neighbour.txt"), neighbour.summary("the hostile suite") + "\n");
        server.close();
    }

    @BeforeEach
    void markScenario() {
        neighbour.startScenario();
    }

    @AfterEach
    void neighbourKeptAnsweringWithinTheBound() {
        neighbour.assertHealthy(NEIGHBOUR_BOUND);
    }

    @Test
    void fragmentedMessageGrowingPastTheLimitIsClosed1009() throws Exception {
        try (RawWebSocket ws = welcomed("fragmented")) {
            ws.sendFrame(0x01, true, new byte[LIMIT / 2]);
            ws.sendFrame(0x00, true, new byte[LIMIT / 2]);
            ws.sendFrame(0x80, true, new byte[10]);
            assertTrue(ws.next().text().contains("MESSAGE_TOO_LARGE"));
            assertClose(ws, 1009, "MESSAGE_TOO_LARGE");
        }
    }

    @Test
    void invalidUtf8AcrossFragmentsIsClosed1007() throws Exception {
        try (RawWebSocket ws = welcomed("utf8")) {
            ws.sendFrame(0x01, true, new byte[] {'{', (byte) 0xf0, (byte) 0x9f});
            ws.sendFrame(0x80, true, new byte[] {'x', '}'});
            assertClose(ws, 1007, "INVALID_PAYLOAD");
        }
    }

    @Test
    void oversizedAndFragmentedControlFramesAreClosed1002() throws Exception {
        try (RawWebSocket big = welcomed("bigping"); RawWebSocket fragmented = welcomed("fragping")) {
            big.sendFrame(0x89, true, new byte[200]);
            fragmented.sendFrame(0x09, true, new byte[4]);
            assertClose(big, 1002, "PROTOCOL_ERROR");
            assertClose(fragmented, 1002, "PROTOCOL_ERROR");
        }
    }

    @Test
    void pingFloodOfTwentyThousandIsAnsweredAndTheFlooderStaysOpen() throws Exception {
        try (RawWebSocket ws = welcomed("pingflood")) {
            int pings = 20_000;
            ExecutorService reader = Executors.newSingleThreadExecutor();
            Future<Integer> pongs = reader.submit(() -> countPongs(ws, pings));
            for (int i = 0; i < pings; i++) {
                ws.sendFrame(0x89, true, new byte[] {(byte) i});
            }
            assertEquals(pings, pongs.get());
            reader.shutdown();
            ws.sendText("{\"type\":\"ping\",\"id\":\"after-flood\"}");
            assertTrue(ws.next().text().contains("after-flood"));
        }
    }

    @Test
    void unsolicitedPongFloodIsIgnoredAndTheConnectionStaysOpen() throws Exception {
        try (RawWebSocket ws = welcomed("pongflood")) {
            for (int i = 0; i < 20_000; i++) {
                ws.sendFrame(0x8A, true, new byte[8]);
            }
            ws.sendText("{\"type\":\"ping\",\"id\":\"after-pongs\"}");
            assertTrue(ws.next().text().contains("after-pongs"));
        }
    }

    @Test
    void floodOfHostileJsonIsAnsweredFrameByFrameWithMalformedMessage() throws Exception {
        String[] hostile = {
            "{\"type\":\"echo\",\"id\":\"d\",\"data\":" + "[".repeat(500) + "]".repeat(500) + "}",
            "{\"type\":\"echo\",\"id\":\"n\",\"data\":{\"a\":" + "9".repeat(1200) + "}}",
            "{\"type\":\"echo\",\"id\":\"e\",\"data\":{\"a\":1e99999999999}}",
            "{\"type\":\"echo\",\"id\":\"s\",\"data\":{\"a\":\"\\ud800\"}}",
            "{\"type\":\"echo\",\"id\":\"j\",\"data\":{\"a\":tru}}",
        };
        try (RawWebSocket ws = welcomed("jsonflood")) {
            for (int i = 0; i < 1000; i++) {
                ws.sendText(hostile[i % hostile.length]);
            }
            for (int i = 0; i < 1000; i++) {
                String answer = ws.next().text();
                assertTrue(answer.contains("MALFORMED_MESSAGE"), answer);
                assertTrue(answer.contains("\"reply_to\":\"" + "dnesj".charAt(i % 5) + "\""), answer);
            }
        }
    }

    @Test
    void slowlorisSocketsAreAllCutOffAtTheHandshakeTimeout() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket s = new Socket(server.uri().getHost(), server.uri().getPort());
                s.setSoTimeout((int) TestClient.WAIT.toMillis());
                s.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            }
            for (Socket s : sockets) {
                RawUpgrade.Response r = RawUpgrade.read(s);
                assertEquals(408, r.status(), r.raw());
                assertTrue(r.closedByServer());
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void clientThatNeverReadsIsClosedWithSlowConsumerAndItsSocketDropped() throws Exception {
        String kilobyte = "{\"type\":\"echo\",\"data\":{\"p\":\"" + "x".repeat(1000) + "\"}}";
        try (RawWebSocket ws = welcomed("neverreads")) {
            String id = LIFECYCLE.connectionOf("neverreads");
            boolean cutOff = false;
            try {
                for (int i = 0; i < 100_000; i++) {
                    ws.sendText(kilobyte); // echoes pile up on the server: the client reads none of them
                }
            } catch (IOException dropped) {
                cutOff = true; // the server dropped the socket while this client was still sending
            }
            assertTrue(cutOff || ws.closedByServer(), "the socket of a client that never reads is dropped");
            LIFECYCLE.assertEvents(id, "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->READY",
                    "READY->CLOSING", "CLOSING->CLOSED", "closed 1013 SLOW_CONSUMER");
        }
    }

    @Test
    void connectionChurnOfFiveHundredIsWelcomedEveryTimeAndLeavesNothingBehind() throws Exception {
        ExecutorService churners = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            runs.add(churners.submit(() -> {
                for (int i = 0; i < 63; i++) {
                    try (RawWebSocket ws = welcomed("churn-" + thread + "-" + (i % 4))) {
                        if (i % 2 == 0) {
                            ws.sendFrame(0x88, true, new byte[] {0x03, (byte) 0xE8}); // half close politely
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : runs) {
            f.get();
        }
        churners.shutdown();
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (server.connections().count() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, server.connections().count(), "only the neighbour is left");
    }

    @Test
    void garbageInsteadOfARequestIsRefusedOrDropped() throws Exception {
        byte[] garbage = new byte[4096];
        ThreadLocalRandom.current().nextBytes(garbage);
        try (Socket s = new Socket(server.uri().getHost(), server.uri().getPort())) {
            s.setSoTimeout((int) TestClient.WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(garbage);
            out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = s.getInputStream().readAllBytes(); // returns once the server closed the socket
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertTrue(text.isEmpty() || text.matches("(?s)HTTP/1\\.1 [45]\\d\\d .*"), text);
            assertTrue(!text.toLowerCase().contains("grizzly"), text);
        } catch (java.net.SocketException reset) {
            // dropped: also an answer to garbage
        }
    }

    private static RawWebSocket welcomed(String user) throws IOException {
        RawWebSocket ws = RawWebSocket.connect(server.uri(), TestServer.token(user));
        assertTrue(ws.next().text().contains("connection_established"));
        return ws;
    }

    private static void assertClose(RawWebSocket ws, int code, String reason) throws IOException {
        RawWebSocket.Frame close = ws.nextClose();
        assertEquals(code, close.closeCode());
        assertEquals(reason, close.closeReason());
    }

    private static int countPongs(RawWebSocket ws, int expected) throws IOException {
        int pongs = 0;
        while (pongs < expected) {
            if (ws.next().opcode() == 0xA) {
                pongs++;
            }
        }
        return pongs;
    }
}
