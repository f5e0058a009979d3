package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.Connection;
import dev.gatehouse.Revocations;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import dev.gatehouse.testkit.TestTokens;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revocations over real sockets (README "Revoking access", PROTOCOL.md §1.3, §3.4, §5): the open
 * connections a revocation concerns close with 1008 {@code TOKEN_REVOKED}, a token without
 * {@code jti} revoked by its hash too, as held after {@code auth_refresh}; the same token is then
 * refused at the upgrade although its verification is cached (the cache is on by default), and at
 * {@code auth_refresh}; other tokens and users are untouched.
 */
class RevocationIT {
    private static final String INVALID = "Bearer error=\"invalid_token\"";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Revocations revocations() {
        return server.server().gatehouse().revocations();
    }

    private static String token(String subject, Map<String, ?> claims) {
        return TestServer.token(subject, claims);
    }

    private static void assertRevokedAtTheUpgrade(String token) {
        assertRefused(RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token)), 401, INVALID,
                "TOKEN_REVOKED");
    }

    private static void assertClosedRevoked(TestClient client) {
        client.nextError("TOKEN_REVOKED");
        client.assertClosed(1008, "TOKEN_REVOKED");
    }

    @Test
    void aTokenRevokedByJtiClosesItsConnectionAndIsRefusedAtTheNextUpgrade() {
        String revoked = token("ann", Map.of("jti", "ann-1"));
        String other = token("ann", Map.of("jti", "ann-2"));
        try (TestClient first = TestClient.connectWelcomed(server.uri(), revoked);
                TestClient second = TestClient.connectWelcomed(server.uri(), other)) {
            assertEquals(1, revocations().revokeToken("ann-1", Instant.now().plus(Duration.ofHours(1))));
            assertClosedRevoked(first);
            second.assertOpen();
        }
        assertRevokedAtTheUpgrade(revoked);
        try (TestClient again = TestClient.connectWelcomed(server.uri(), other)) {
            again.assertOpen();
        }
    }

    @Test
    void aTokenWithoutJtiRevokedByItsHashIsRefusedAtTheUpgrade() {
        String revoked = token("bea", Map.of());
        try (TestClient client = TestClient.connectWelcomed(server.uri(), revoked)) {
            client.assertOpen(); // its verification is now cached
        }
        revocations().revokeToken(Revocations.tokenHash(revoked), Instant.now().plus(Duration.ofHours(1)));
        assertRevokedAtTheUpgrade(revoked);
        try (TestClient fresh = TestClient.connectWelcomed(server.uri(), token("bea", Map.of("n", 2)))) {
            fresh.assertOpen();
        }
    }

    @Test
    void aTokenWithoutJtiRevokedByItsHashClosesEveryConnectionHoldingItAndNotTheUsersOtherToken() {
        String revoked = token("gus", Map.of());
        try (TestClient first = TestClient.connectWelcomed(server.uri(), revoked);
                TestClient second = TestClient.connectWelcomed(server.uri(), revoked);
                TestClient other = TestClient.connectWelcomed(server.uri(), token("gus", Map.of("n", 2)))) {
            assertEquals(2, revocations().revokeToken(Revocations.tokenHash(revoked), Instant.now().plus(Duration.ofHours(1))));
            assertClosedRevoked(first);
            assertClosedRevoked(second);
            other.assertOpen();
        }
    }

    @Test
    void afterAuthRefreshToATokenWithoutJtiTheOldHashNoLongerClosesTheConnectionAndTheNewOneDoes() {
        String old = token("hal", Map.of());
        String renewed = token("hal", Map.of("v", "renewed"));
        try (TestClient client = TestClient.connectWelcomed(server.uri(), old)) {
            client.send("auth_refresh", "r1", Json.createObjectBuilder().add("token", renewed).build());
            assertEquals("r1", client.next().getString("reply_to"));
            // The answer goes out just before the connection takes the new token: wait for that.
            Connection held = server.connections().byId(client.connectionId()).orElseThrow();
            ClusterNodes.await("the new token on the connection", TestClient.WAIT,
                    () -> "renewed".equals(held.token().claims().get("v")));

            assertEquals(0, revocations().revokeToken(Revocations.tokenHash(old), Instant.now().plus(Duration.ofHours(1))));
            client.assertOpen();
            assertEquals(1, revocations().revokeToken(Revocations.tokenHash(renewed),
                    Instant.now().plus(Duration.ofHours(1))));
            assertClosedRevoked(client);
        }
    }

    @Test
    void aCutOffClosesTheUsersConnectionsRefusesTheirTokensAndAcceptsOneIssuedAfterIt() {
        String old = token("cid", Map.of());
        try (TestClient a = TestClient.connectWelcomed(server.uri(), old);
                TestClient b = TestClient.connectWelcomed(server.uri(), token("cid", Map.of("n", 2)));
                TestClient bystander = TestClient.connectWelcomed(server.uri(), token("dee", Map.of()))) {
            Instant cutoff = Instant.now();
            assertEquals(2, revocations().revokeIssuedBefore("cid", cutoff));
            assertClosedRevoked(a);
            assertClosedRevoked(b);
            bystander.assertOpen();
            assertRevokedAtTheUpgrade(old);
            // iat has whole seconds: a token issued in the cut-off's second counts as issued before it.
            long after = cutoff.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).getEpochSecond();
            String fresh = TestTokens.hs256(TestServer.SECRET).subject("cid").expiresIn(Duration.ofHours(1))
                    .claim("iat", after).compact();
            try (TestClient again = TestClient.connectWelcomed(server.uri(), fresh)) {
                again.assertOpen();
            }
        }
    }

    @Test
    void aRevokedUserIsClosedAndRefusedWhateverTheToken() {
        try (TestClient client = TestClient.connectWelcomed(server.uri(), token("eve", Map.of()))) {
            assertEquals(1, revocations().revokeUser("eve", Instant.now().plus(Duration.ofHours(1))));
            assertClosedRevoked(client);
        }
        assertRevokedAtTheUpgrade(token("eve", Map.of("n", 3)));
    }

    @Test
    void aRevokedTokenOfferedByAuthRefreshIsAnsweredTokenRevokedAndTheConnectionStays() {
        String revoked = token("fay", Map.of("jti", "fay-new"));
        revocations().revokeToken("fay-new", Instant.now().plus(Duration.ofHours(1)));
        try (TestClient client = TestClient.connectWelcomed(server.uri(), token("fay", Map.of("jti", "fay-old")))) {
            client.send("auth_refresh", "r1", Json.createObjectBuilder().add("token", revoked).build());
            assertEquals("r1", client.nextError("TOKEN_REVOKED").getString("reply_to"));
            client.assertOpen();
        }
    }
}
