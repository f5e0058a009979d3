package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.testkit.ClientFrames;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Frames sent in the same TCP write as the upgrade request, without waiting for the 101
 * (PROTOCOL.md §1.5): handled after the welcome, in order, standalone and on WildFly (Undertow
 * hands the bytes after the request to the WebSocket); refused with 400 {@code BAD_HANDSHAKE} on
 * Payara, whose Tyrus upgrade handler, given data before it is set up, waits for itself forever on
 * the container's thread. Regression: on Payara no welcome came, and the thread stayed stuck.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FramesWithTheUpgradeRequestIT {
    private static final boolean PAYARA = "payara".equals(System.getProperty("arquillian.launch"));

    @Deployment(testable = false)
    static WebArchive app() {
        return Wars.war("pipelined", Wars.withKey(), EchoHandler.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void framesInTheUpgradeRequestsWriteAreAnsweredAfterTheWelcomeInOrderOrRefusedOnPayara() throws IOException {
        byte[] frames = ClientFrames.concat(echo("p1"), echo("p2"));
        if (PAYARA) {
            assertRefused(frames);
            return;
        }
        try (RawWebSocket ws = RawWebSocket.connect(Endpoints.ws(base, "ws"), Tokens.valid("pipelined"), frames)) {
            assertWelcome(ws);
            assertEcho(ws, "p1");
            assertEcho(ws, "p2");
        }
    }

    @Test
    void frameSplitAcrossTheUpgradeRequestsWriteAndTheNextIsAnsweredOrRefusedOnPayara() throws IOException {
        byte[] frame = echo("p1");
        if (PAYARA) {
            assertRefused(Arrays.copyOf(frame, 5));
            return;
        }
        try (RawWebSocket ws = RawWebSocket.connect(Endpoints.ws(base, "ws"), Tokens.valid("split"), Arrays.copyOf(frame, 5))) {
            ws.sendBytes(Arrays.copyOfRange(frame, 5, frame.length));
            assertWelcome(ws);
            assertEcho(ws, "p1");
        }
    }

    /** The upgrade with {@code pipelined} behind it is refused, and the server still welcomes a client that waits. */
    private void assertRefused(byte[] pipelined) throws IOException {
        URI ws = Endpoints.ws(base, "ws");
        try (Socket socket = new Socket(ws.getHost(), ws.getPort())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            String request = "GET " + ws.getRawPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + Tokens.valid("refused") + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(ClientFrames.concat(request.getBytes(StandardCharsets.US_ASCII), pipelined));
            out.flush();
            RawUpgrade.Response response = RawUpgrade.read(socket);
            assertEquals(400, response.status(), response.raw());
            assertEquals("BAD_HANDSHAKE", Json.createReader(new StringReader(response.body())).readObject()
                    .getString("error_code"), response.raw());
            assertTrue(response.closedByServer(), response.raw());
        }
        try (TestConnection client = TestConnection.welcomed(ws, Tokens.valid("patient"))) {
            client.assertOpen();
        }
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
}
