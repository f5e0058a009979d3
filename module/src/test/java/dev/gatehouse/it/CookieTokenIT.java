package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertRefused;

import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mp.jwt.token.header=Cookie}: the token comes from the {@code Bearer} cookie instead of the
 * header, and only pages of the allowed origins may use it ({@code gatehouse.origins} is required).
 */
class CookieTokenIT {
    private static final String APP = "https://app.example";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.hmacSecret(TestServer.SECRET).tokenHeader("Cookie")
                .origins(Set.of(APP)), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bearerCookieTokenIsAcceptedAmongOtherCookies() {
        try (TestClient client = TestClient.connect(server.uri(),
                Map.of("Origin", APP, "Cookie", "theme=dark; Bearer=" + TestServer.token("alice") + "; lang=en"), List.of())) {
            TokenSourcesIT.assertWelcomedAs(client, "alice");
        }
    }

    @Test
    void authorizationHeaderIsNotReadInCookieMode() {
        assertRefused(RawUpgrade.send(server.uri(), Map.of("Origin", APP, "Authorization", "Bearer " + TestServer.token("alice"))),
                401, "Bearer", "NO_TOKEN");
    }

    @Test
    void cookieSentByAnotherSitesPageIsRefused() {
        assertRefused(RawUpgrade.send(server.uri(), Map.of("Origin", "https://evil.example",
                "Cookie", "Bearer=" + TestServer.token("alice"))), 403, null, "FORBIDDEN_ORIGIN");
    }
}
