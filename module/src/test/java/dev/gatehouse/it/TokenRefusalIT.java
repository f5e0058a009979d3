package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertNoToken;
import static dev.gatehouse.it.HandshakeRefusals.assertRefused;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.RecordingListener;
import dev.gatehouse.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token failures refuse the upgrade with 401 and never open a connection (PROTOCOL.md §1.3). */
class TokenRefusalIT {
    private static final String INVALID = "Bearer error=\"invalid_token\"";
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

    @AfterEach
    void refusedHandshakeNeverRanTheLifecycle() {
        LIFECYCLE.assertNothingWithin(Duration.ofMillis(100));
    }

    @Test
    void noTokenIsRefusedWith401BearerNoToken() {
        RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of());
        assertRefused(response, 401, "Bearer", "NO_TOKEN");
    }

    @Test
    void authorizationHeaderWithoutBearerSchemeCountsAsNoToken() {
        String token = TestServer.token("alice");
        RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of("Authorization", "Basic " + token));
        assertRefused(response, 401, "Bearer", "NO_TOKEN");
        assertNoToken(response, token);
    }

    @Test
    void garbageTokenIsRefusedAsInvalidToken() {
        String garbage = "not-a-jwt-at-all";
        RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + garbage));
        assertRefused(response, 401, INVALID, "INVALID_TOKEN");
        assertNoToken(response, garbage);
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefusedAsInvalidToken() {
        String token = TestServer.tokenSignedWith("alice", "another-secret-that-is-also-at-least-256-bits!");
        RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));
        assertRefused(response, 401, INVALID, "INVALID_TOKEN");
        assertNoToken(response, token);
    }

    @Test
    void expiredTokenIsRefusedAsTokenExpired() {
        // Expired well beyond the default 30 s clock skew.
        String token = TestServer.token("alice", Duration.ofMinutes(-5));
        RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));
        assertRefused(response, 401, INVALID, "TOKEN_EXPIRED");
        assertNoToken(response, token);
    }

    @Test
    void tokenInSubprotocolWithTamperedSignatureIsRefusedWithoutEchoingIt() {
        String token = TestServer.token("alice");
        String tampered = token.substring(0, token.length() - 4) + "AAAA";
        RawUpgrade.Response response = RawUpgrade.send(server.uri(),
                Map.of("Sec-WebSocket-Protocol", "gatehouse.v1, bearer." + tampered));
        assertRefused(response, 401, INVALID, "INVALID_TOKEN");
        assertNoToken(response, tampered);
    }
}
