package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertRefused;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code rejectStatus(403)} changes the status of token failures, and only the status. */
class RejectStatusIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.rejectStatus(403), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noTokenIsRefusedWithTheConfiguredStatus() {
        assertRefused(RawUpgrade.send(server.uri(), Map.of()), 403, "Bearer", "NO_TOKEN");
    }

    @Test
    void invalidTokenIsRefusedWithTheConfiguredStatus() {
        assertRefused(RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer x.y.z")),
                403, "Bearer error=\"invalid_token\"", "INVALID_TOKEN");
    }

    @Test
    void expiredTokenIsRefusedWithTheConfiguredStatus() {
        String token = TestServer.token("alice", Duration.ofMinutes(-5));
        assertRefused(RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token)),
                403, "Bearer error=\"invalid_token\"", "TOKEN_EXPIRED");
    }
}
