package dev.gatehouse.it;

import static dev.gatehouse.testkit.MeterReadings.count;
import static dev.gatehouse.testkit.MeterReadings.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Metrics;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.ClientFrames;
import dev.gatehouse.testkit.PermessageDeflate;
import dev.gatehouse.testkit.PythonWebsockets;
import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.TestServer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (RFC 7692) on the standalone server, with real clients: a raw socket that
 * compresses with the JDK's zlib and reads the RSV1 bit, and python-websockets, which offers the
 * extension by default as browsers do. A socket's close gives its connection's streams back to the
 * pools, and the pools count what they cannot keep.
 */
class PerMessageDeflateIT {
    private static final int LIMIT = 4096;
    private static final String CHAT = "the quick brown fox jumps over the lazy dog; ";
    /** The most idle streams each of the server's zlib pools keeps (README "Compression"). */
    private static final int POOL_BOUND = 2 * Runtime.getRuntime().availableProcessors();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = start(c -> c.compressionEnabled(true));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestServer start(UnaryOperator<GatehouseConfig.Builder> compression) {
        return start(compression, Metrics.none());
    }

    private static TestServer start(UnaryOperator<GatehouseConfig.Builder> compression, Metrics metrics) {
        return TestServer.start(c -> compression.apply(c.maxMessageSize(LIMIT)),
                g -> g.metrics(metrics).handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))));
    }

    @Test
    void browsersOfferIsAcceptedWithNeitherSideKeepingContext() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connectOffering(server.uri(), TestServer.token("alice"),
                "permessage-deflate; client_max_window_bits")) {
            assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover", ws.extensions());
        }
    }

    @Test
    void eachOfferIsAnsweredPerRfc7692AndOneItCannotHonourIsDeclined() throws Exception {
        Map<String, String> answers = Map.of(
                "permessage-deflate; server_max_window_bits=10",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10",
                "permessage-deflate; server_no_context_takeover; client_max_window_bits=9",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                "permessage-deflate; server_max_window_bits=16, permessage-deflate; client_no_context_takeover",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        for (Map.Entry<String, String> offer : answers.entrySet()) {
            try (RawWebSocket ws = RawWebSocket.connectOffering(server.uri(), TestServer.token("alice"), offer.getKey())) {
                assertEquals(offer.getValue(), ws.extensions(), offer.getKey());
            }
        }
        for (String declined : new String[] {"permessage-deflate; server_max_window_bits=7",
                "permessage-deflate; mystery", "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
                "x-webkit-deflate-frame"}) {
            try (RawWebSocket ws = RawWebSocket.connectOffering(server.uri(), TestServer.token("alice"), declined)) {
                assertNull(ws.extensions(), declined);
                assertFalse(ws.next().rsv1(), "the welcome is sent uncompressed");
            }
        }
    }

    @Test
    void serverKeepingContextAnswersAnOfferWithoutParametersWithoutThem() throws Exception {
        try (TestServer keeping = start(c -> c.compressionEnabled(true).compressionContextTakeover(true));
                RawWebSocket ws = RawWebSocket.connectOffering(keeping.uri(), TestServer.token("alice"), "permessage-deflate")) {
            assertEquals("permessage-deflate", ws.extensions());
            Inflater context = new Inflater(true); // the client's, kept across messages as the server's is
            RawWebSocket.Frame welcome = ws.next();
            if (welcome.rsv1()) {
                inflate(context, welcome.payload());
            }
            int first = 0;
            for (int i = 0; i < 3; i++) {
                String text = CHAT.repeat(20) + i;
                ws.sendBytes(compressedText(echo(text)));
                RawWebSocket.Frame answer = ws.next();
                assertTrue(answer.rsv1());
                assertEquals(text, json(inflate(context, answer.payload())).getJsonObject("data").getString("text"));
                first = i == 0 ? answer.payload().length : first;
                assertTrue(i == 0 || answer.payload().length < first / 2,
                        "a repeated answer refers back into the one before: " + answer.payload().length + " vs " + first);
            }
            context.end();
        }
    }

    @Test
    void compressionOffAnswersNoExtension() throws Exception {
        try (TestServer off = start(UnaryOperator.identity());
                RawWebSocket ws = RawWebSocket.connectOffering(off.uri(), TestServer.token("alice"),
                        "permessage-deflate; client_max_window_bits")) {
            assertNull(ws.extensions());
        }
    }

    @Test
    void compressedMessagesGoBothWaysAndTheServersAreSmallerOnTheWire() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connectOffering(server.uri(), TestServer.token("alice"), "permessage-deflate")) {
            ws.next(); // the welcome
            String text = CHAT.repeat(40);
            ws.sendBytes(compressedText(echo(text)));
            RawWebSocket.Frame answer = ws.next();
            assertTrue(answer.rsv1(), "the answer is compressed");
            String inflated = inflate(answer.payload());
            assertEquals(text, json(inflated).getJsonObject("data").getString("text"));
            assertTrue(answer.payload().length * 5 < inflated.length(),
                    answer.payload().length + " bytes on the wire for " + inflated.length());
            ws.sendText(echo("short")); // an uncompressed message on the same connection
            RawWebSocket.Frame small = ws.next();
            assertFalse(small.rsv1(), "below gatehouse.compression.min-size");
            assertEquals("short", small.json().getJsonObject("data").getString("text"));
        }
    }

    @Test
    void aCompressedMessageInTheUpgradeRequestsWriteIsInflatedAndAnswered() throws Exception {
        String text = CHAT.repeat(10);
        try (RawWebSocket ws = RawWebSocket.connectOffering(server.uri(), TestServer.token("alice"), "permessage-deflate",
                compressedText(echo(text)))) {
            assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover", ws.extensions());
            ws.next(); // the welcome
            RawWebSocket.Frame answer = ws.next();
            assertTrue(answer.rsv1());
            assertEquals(text, json(inflate(answer.payload())).getJsonObject("data").getString("text"));
        }
    }

    @Test
    void decompressionBombIsRefusedAsTooLargeAndOtherConnectionsCarryOn() throws Exception {
        byte[] bomb = deflate(new byte[1 << 20]); // a megabyte of zeros: about a kilobyte on the wire
        assertTrue(bomb.length < LIMIT, "the frame itself is within the limit: " + bomb.length);
        try (RawWebSocket bystander = RawWebSocket.connectOffering(server.uri(), TestServer.token("bob"), "permessage-deflate");
                RawWebSocket ws = RawWebSocket.connectOffering(server.uri(), TestServer.token("alice"), "permessage-deflate")) {
            bystander.next();
            ws.next();
            ws.sendFrame(0xC1, true, bomb);
            RawWebSocket.Frame error = ws.next();
            assertEquals("MESSAGE_TOO_LARGE", error.json().getJsonObject("data").getString("error_code"), error.text());
            RawWebSocket.Frame close = ws.nextClose();
            assertEquals(1009, close.closeCode());
            assertEquals("MESSAGE_TOO_LARGE", close.closeReason());
            assertTrue(ws.closedByServer());
            bystander.sendBytes(compressedText(echo(CHAT.repeat(10))));
            assertEquals("echo", json(inflate(bystander.next().payload())).getString("type"));
        }
    }

    @Test
    void dataThatIsNoDeflateStreamIsInvalidPayload() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connectOffering(server.uri(), TestServer.token("alice"), "permessage-deflate")) {
            ws.next();
            ws.sendFrame(0xC1, true, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x12, 0x34});
            RawWebSocket.Frame close = ws.nextClose();
            assertEquals(1007, close.closeCode());
            assertEquals("INVALID_PAYLOAD", close.closeReason());
        }
    }

    @Test
    void rsv1OnAContinuationFrameIsAProtocolError() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connectOffering(server.uri(), TestServer.token("alice"), "permessage-deflate")) {
            ws.next();
            byte[] half = deflate(echo("x").getBytes(StandardCharsets.UTF_8));
            ws.sendFrame(0x41, true, Arrays.copyOf(half, 2));
            ws.sendFrame(0xC0, true, Arrays.copyOfRange(half, 2, half.length));
            RawWebSocket.Frame close = ws.nextClose();
            assertEquals(1002, close.closeCode());
        }
    }

    @Test
    void socketsClosedMidMessageGiveTheirInflatersBackAndThePoolCountsThoseBeyondItsBound() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int connections = POOL_BOUND + 3;
        byte[] firstHalf = Arrays.copyOf(deflate(echo(CHAT.repeat(10)).getBytes(StandardCharsets.UTF_8)), 8);
        try (TestServer metered = start(c -> c.compressionEnabled(true), Metrics.micrometer(registry))) {
            for (String pool : List.of("hmac", "deflater", "inflater")) {
                assertNotNull(Search.in(registry).name("gatehouse.pool.overflows").tag("pool", pool).counter(), pool);
            }
            List<RawWebSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    RawWebSocket ws = RawWebSocket.connectOffering(metered.uri(), TestServer.token("user" + i), "permessage-deflate");
                    sockets.add(ws);
                    ws.next(); // the welcome
                    ws.sendFrame(0x41, true, firstHalf); // a compressed message begun: the connection holds an inflater
                    ws.sendFrame(0x89, true, new byte[] {1});
                    assertEquals(0xA, ws.next().opcode(), "the pong: the server has read the first frame");
                }
                assertEquals(0, count(registry, "gatehouse.pool.overflows", "pool", "inflater"), "none came back yet");
            } finally {
                for (int i = 0; i < sockets.size(); i++) {
                    if (i % 2 == 0) {
                        sockets.get(i).close();
                    } else {
                        sockets.get(i).abort();
                    }
                }
            }
            eventually(() -> count(registry, "gatehouse.pool.overflows", "pool", "inflater"), connections - POOL_BOUND);
        }
    }

    @Test
    void pythonWebsocketsNegotiatesByDefaultAndRoundTripsCompressedText() throws Exception {
        PythonWebsockets.Result result = PythonWebsockets.run("/deflate-python-client.py", server.uri().toString(),
                TestServer.token("alice"));
        assertEquals(0, result.exit(), result.output());
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover\necho True",
                result.output().strip());
    }

    @Test
    void pythonWebsocketsWithASmallServerWindowIsAnsweredWithThatWindow() throws Exception {
        PythonWebsockets.Result result = PythonWebsockets.run("/deflate-python-client.py", server.uri().toString(),
                TestServer.token("alice"), "10");
        assertEquals(0, result.exit(), result.output());
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10"
                + "\necho True", result.output().strip());
    }

    private static String echo(String text) {
        return Json.createObjectBuilder().add("type", "echo").add("id", "1")
                .add("data", Json.createObjectBuilder().add("text", text)).build().toString();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** A masked text frame with RSV1, its payload compressed as RFC 7692 §7.2.1 says. */
    private static byte[] compressedText(String text) {
        return ClientFrames.frame(0xC1, true, deflate(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] deflate(byte[] data) {
        return PermessageDeflate.compress(data);
    }

    private static String inflate(byte[] payload) throws Exception {
        return new String(PermessageDeflate.inflate(payload), StandardCharsets.UTF_8);
    }

    private static String inflate(Inflater context, byte[] payload) throws Exception {
        return new String(PermessageDeflate.inflate(context, payload), StandardCharsets.UTF_8);
    }
}
