package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrade requests that cannot become a WebSocket get a precise 4xx with the JSON body,
 * {@code Connection: close} and the socket closed, and no server banner (PROTOCOL.md §1.4).
 * Regression: a wrong or missing version got "426 CUSTOM" and a socket left open, a missing key a
 * 500, and unknown paths Grizzly's 404 page naming its version.
 */
class MalformedUpgradeIT {
    private static TestServer server;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> { });
        token = TestServer.token("malformed-upgrade");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawUpgrade.Response send(String requestLine, String... headers) {
        StringBuilder request = new StringBuilder(requestLine).append("\r\n")
                .append("Host: 127.0.0.1\r\nAuthorization: Bearer ").append(token).append("\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        RawUpgrade.Response response = RawUpgrade.exchange(server.uri(), request.append("\r\n").toString());
        assertFalse(response.raw().toLowerCase().contains("grizzly"), response.raw());
        assertFalse(response.raw().toLowerCase().contains("tyrus"), response.raw());
        return response;
    }

    private static final String UPGRADE = "Upgrade: websocket";
    private static final String CONNECTION = "Connection: Upgrade";
    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
    private static final String V13 = "Sec-WebSocket-Version: 13";

    @Test
    void versionEightIsRefusedWith426NamingVersion13() {
        RawUpgrade.Response r = send("GET /ws HTTP/1.1", UPGRADE, CONNECTION, KEY, "Sec-WebSocket-Version: 8");
        assertRefused(r, 426, null, "UNSUPPORTED_VERSION");
        assertEquals("13", r.header("Sec-WebSocket-Version"));
    }

    @Test
    void missingVersionIsRefusedWith426() {
        assertRefused(send("GET /ws HTTP/1.1", UPGRADE, CONNECTION, KEY), 426, null, "UNSUPPORTED_VERSION");
    }

    @Test
    void missingKeyIsRefusedWith400() {
        assertRefused(send("GET /ws HTTP/1.1", UPGRADE, CONNECTION, V13), 400, null, "BAD_HANDSHAKE");
    }

    @Test
    void keyThatIsNotSixteenBytesIsRefusedWith400() {
        assertRefused(send("GET /ws HTTP/1.1", UPGRADE, CONNECTION, V13, "Sec-WebSocket-Key: c2hvcnQ="), 400, null,
                "BAD_HANDSHAKE");
    }

    @Test
    void connectionHeaderWithoutUpgradeIsRefusedWith400() {
        assertRefused(send("GET /ws HTTP/1.1", UPGRADE, "Connection: keep-alive", KEY, V13), 400, null, "BAD_HANDSHAKE");
    }

    @Test
    void postIsRefusedWith405() {
        RawUpgrade.Response r = send("POST /ws HTTP/1.1", UPGRADE, CONNECTION, KEY, V13, "Content-Length: 0");
        assertRefused(r, 405, null, "BAD_HANDSHAKE");
        assertEquals("GET", r.header("Allow"));
    }

    @Test
    void pathsThatAreNotTheEndpointGetA404WithTheJsonBody() {
        for (String path : new String[] {"/ws/", "/WS", "//ws", "/ws/x", "/w", "/%2Fws", "/ws%00"}) {
            assertRefused(send("GET " + path + " HTTP/1.1", UPGRADE, CONNECTION, KEY, V13), 404, null, "NOT_FOUND");
        }
    }
}
