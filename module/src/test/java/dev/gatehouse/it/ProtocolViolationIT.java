package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.RecordingListener;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that breaks RFC 6455 is closed with 1002 {@code PROTOCOL_ERROR}, or 1007
 * {@code INVALID_PAYLOAD} for text that is not UTF-8, with the code as the reason (PROTOCOL.md §5);
 * the listeners hear that close, and other connections carry on. Regression: an unmasked client
 * frame was accepted, and protocol-error closes carried Tyrus' prose as the reason.
 */
class ProtocolViolationIT {
    private static final RecordingListener LIFECYCLE = new RecordingListener();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> g.listener(LIFECYCLE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unmaskedFrameIsClosed1002() throws Exception {
        assertClosedFor("unmasked", 0x81, false, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), 1002, "PROTOCOL_ERROR");
    }

    @Test
    void reservedBitsAreClosed1002() throws Exception {
        assertClosedFor("rsv", 0xC1, true, "{}".getBytes(StandardCharsets.UTF_8), 1002, "PROTOCOL_ERROR");
    }

    @Test
    void reservedOpcodeIsClosed1002() throws Exception {
        assertClosedFor("opcode", 0x83, true, new byte[2], 1002, "PROTOCOL_ERROR");
    }

    @Test
    void pingOver125BytesIsClosed1002() throws Exception {
        assertClosedFor("bigping", 0x89, true, new byte[126], 1002, "PROTOCOL_ERROR");
    }

    @Test
    void closeWithAReservedCodeIsClosed1002() throws Exception {
        assertClosedFor("badclose", 0x88, true, new byte[] {0x03, (byte) 0xED}, 1002, "PROTOCOL_ERROR"); // 1005
    }

    @Test
    void textThatIsNotUtf8IsClosed1007() throws Exception {
        assertClosedFor("badutf8", 0x81, true, new byte[] {'{', (byte) 0xc3, 0x28, '}'}, 1007, "INVALID_PAYLOAD");
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsIsClosed1007() throws Exception {
        String user = "fragments";
        try (TestClient bystander = TestClient.connectWelcomed(server.uri(), TestServer.token("bystander-" + user));
                RawWebSocket ws = RawWebSocket.connect(server.uri(), TestServer.token(user))) {
            assertTrue(ws.next().text().contains("connection_established"));
            ws.sendFrame(0x01, true, new byte[] {'{', (byte) 0xe2});
            ws.sendFrame(0x80, true, new byte[] {0x28, '}'});
            assertClose(ws, 1007, "INVALID_PAYLOAD");
            bystander.assertOpen();
        }
    }

    private static void assertClosedFor(String user, int firstByte, boolean masked, byte[] payload, int code,
            String reason) throws Exception {
        try (TestClient bystander = TestClient.connectWelcomed(server.uri(), TestServer.token("bystander-" + user));
                RawWebSocket ws = RawWebSocket.connect(server.uri(), TestServer.token(user))) {
            assertTrue(ws.next().text().contains("connection_established"));
            String id = LIFECYCLE.connectionOf(user);
            ws.sendFrame(firstByte, masked, payload);
            assertClose(ws, code, reason);
            try {
                ws.sendFrame(0x88, true, new byte[] {0x03, (byte) 0xE8}); // the client's close answer
            } catch (java.io.IOException closedAlready) {
                // the bad frame was itself a close: the server closed the socket after answering it
            }
            assertTrue(ws.closedByServer(), "the socket is closed after the close handshake");
            LIFECYCLE.assertEvents(id, "CONNECTING->AUTHENTICATED", "AUTHENTICATED->OPEN", "OPEN->READY", "READY->CLOSING", "CLOSING->CLOSED",
                    "closed " + code + " " + reason);
            bystander.assertOpen();
        }
    }

    private static void assertClose(RawWebSocket ws, int code, String reason) throws Exception {
        RawWebSocket.Frame close = ws.nextClose();
        assertEquals(code, close.closeCode());
        assertEquals(reason, close.closeReason());
    }
}
