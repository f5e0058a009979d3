package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.ClientFrames;
import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames a client sends in the same TCP write as its upgrade request, without waiting for the 101,
 * are the connection's first frames: guarded as any frame, handled after the welcome, in order
 * (PROTOCOL.md §1.5). Regression: Tyrus' handshake dropped them without a trace, and a frame split
 * across that write and the next was misread from its middle.
 */
class FramesWithTheUpgradeRequestIT {
    private static TestServer server;

    /** An endpoint beside Gatehouse's whose handshake Tyrus itself refuses (403): no origin passes. */
    public static final class Refusing extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            throw new AssertionError("never opened");
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(UnaryOperator.identity(), g -> g
                        .connectionSetup(c -> CompletableFuture.runAsync(() -> { },
                                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)))
                        .handler(FrameHandler.of("echo", JsonObject.class, (d, ctx) -> ctx.reply("echo", d))),
                s -> s.endpoint(ServerEndpointConfig.Builder.create(Refusing.class, "/refusing")
                        .configurator(new ServerEndpointConfig.Configurator() {
                            @Override
                            public boolean checkOrigin(String origin) {
                                return false;
                            }
                        }).build()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void frameInTheUpgradeRequestsWriteIsAnsweredAfterTheWelcome() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.uri(), TestServer.token("one"), echo("p1"))) {
            assertWelcome(ws);
            assertEcho(ws, "p1");
            assertStillAnswers(ws);
        }
    }

    @Test
    void twoFramesInTheUpgradeRequestsWriteAreAnsweredInOrder() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.uri(), TestServer.token("two"),
                ClientFrames.concat(echo("p1"), echo("p2")))) {
            assertWelcome(ws);
            assertEcho(ws, "p1");
            assertEcho(ws, "p2");
            assertStillAnswers(ws);
        }
    }

    @Test
    void frameSplitAcrossTheUpgradeRequestsWriteAndTheNextIsAnswered() throws Exception {
        byte[] frame = echo("p1");
        try (RawWebSocket ws = RawWebSocket.connect(server.uri(), TestServer.token("split"), Arrays.copyOf(frame, 5))) {
            ws.sendBytes(Arrays.copyOfRange(frame, 5, frame.length)); // after the 101 came: another read
            assertWelcome(ws);
            assertEcho(ws, "p1");
            assertStillAnswers(ws);
        }
    }

    @Test
    void unmaskedFrameInTheUpgradeRequestsWriteIsClosed1002AfterThe101() throws Exception {
        byte[] unmasked = ClientFrames.frame(0x81, false, "{\"type\":\"echo\"}".getBytes(StandardCharsets.UTF_8));
        try (RawWebSocket ws = RawWebSocket.connect(server.uri(), TestServer.token("unmasked"), unmasked)) {
            RawWebSocket.Frame close = ws.nextClose();
            assertEquals(1002, close.closeCode());
            assertEquals("PROTOCOL_ERROR", close.closeReason());
            assertTrue(ws.closedByServer());
        }
    }

    @Test
    void framesWithAnUpgradeRequestTyrusRefusesGetOnlyTheRefusal() throws Exception {
        URI refusing = server.uri().resolve("/refusing");
        try (Socket socket = new Socket(refusing.getHost(), refusing.getPort())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            String request = "GET /refusing HTTP/1.1\r\nHost: " + refusing.getHost() + ":" + refusing.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nOrigin: http://elsewhere.example\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(ClientFrames.concat(request.getBytes(StandardCharsets.US_ASCII), echo("p1"), echo("p2")));
            out.flush();
            String answer = readUntilQuiet(socket);
            assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
            assertEquals(answer.indexOf("\r\n\r\n") + 4, answer.length(), "nothing after the refusal: " + answer);
        }
    }

    /** What the server sends until it closes the socket or stays quiet for half a second. */
    private static String readUntilQuiet(Socket socket) throws IOException {
        socket.setSoTimeout(500);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            for (int b = socket.getInputStream().read(); b != -1; b = socket.getInputStream().read()) {
                read.write(b);
            }
        } catch (SocketTimeoutException quiet) {
            // the server keeps the socket (Tyrus' refusals are keep-alive) and says no more
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] echo(String id) {
        return ClientFrames.text("{\"type\":\"echo\",\"id\":\"" + id + "\",\"data\":{\"n\":1}}");
    }

    private static void assertWelcome(RawWebSocket ws) throws IOException {
        JsonObject welcome = ws.next().json();
        assertEquals("connection_established", welcome.getJsonObject("data").getString("event"), welcome.toString());
    }

    private static void assertEcho(RawWebSocket ws, String id) throws IOException {
        JsonObject echo = ws.next().json();
        assertEquals("echo", echo.getString("type"), echo.toString());
        assertEquals(id, echo.getString("reply_to"), echo.toString());
    }

    /** A frame sent the ordinary way, after the pipelined ones, is answered next: nothing else came between. */
    private static void assertStillAnswers(RawWebSocket ws) throws IOException {
        ws.sendBytes(echo("after"));
        assertEcho(ws, "after");
    }
}
