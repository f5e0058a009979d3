package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.RawWebSocket;
import dev.gatehouse.testkit.TestServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every spelling of the endpoint's path that Tyrus would route to it goes through the same checks:
 * a bad token gets the 401, and a message over the limit gets 1009. Regression: on {@code /ws;x=1}
 * and {@code /%77s} a bad token got 101, an error frame and 1008, and a 1 MB frame 1011 with a stack
 * trace in the log.
 */
class PathVariantsIT {
    private static final int LIMIT = 4096;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.maxMessageSize(LIMIT), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI at(String rawPath) {
        return URI.create("ws://127.0.0.1:" + server.uri().getPort() + rawPath);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws;x=1", "/%77s", "/%77%73", "/ws;", "/w%73;a=b;c"})
    void badTokenOnAVariantOfThePathIsRefusedWith401(String path) {
        RawUpgrade.Response r = RawUpgrade.send(at(path), Map.of("Authorization", "Bearer not.a.token"));
        assertRefused(r, 401, "Bearer error=\"invalid_token\"", "INVALID_TOKEN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws;x=1", "/%77s"})
    void messageOverTheLimitOnAVariantOfThePathIsClosed1009(String path) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(at(path), TestServer.token("path-variant"))) {
            assertTrue(ws.next().text().contains("connection_established"));
            ws.sendFrameStart(1 << 20, 4096); // the rest never comes: the header says it is too large
            assertTrue(ws.next().text().contains("MESSAGE_TOO_LARGE"));
            RawWebSocket.Frame close = ws.nextClose();
            assertEquals(1009, close.closeCode());
            assertEquals("MESSAGE_TOO_LARGE", close.closeReason());
        }
    }
}
