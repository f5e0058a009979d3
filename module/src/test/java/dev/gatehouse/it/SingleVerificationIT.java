package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.VerifiedToken;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A custom {@link TokenVerifier} runs once per upgrade on the standalone server. Regression: the
 * handshake filter and the configurator each verified the token, so it ran twice, and with the
 * verified-token cache off the signature was checked twice.
 */
class SingleVerificationIT {

    @Test
    void customVerifierRunsOncePerAcceptedUpgradeAndOncePerRefusedOne() {
        AtomicInteger calls = new AtomicInteger();
        TokenVerifier counting = token -> {
            calls.incrementAndGet();
            return token.equals("good")
                    ? Verification.accepted(new VerifiedToken("once", Instant.now().plus(1, ChronoUnit.HOURS), Set.of(), Map.of()))
                    : Verification.rejected(dev.gatehouse.ErrorCode.INVALID_TOKEN, "no");
        };
        try (TestServer server = TestServer.startWithoutKey(c -> c, g -> g.tokenVerifier(counting))) {
            try (TestClient client = TestClient.connectWelcomed(server.uri(), "good")) {
                client.assertOpen();
            }
            assertEquals(1, calls.get(), "an accepted upgrade");
            assertEquals(401, RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer bad")).status());
            assertEquals(2, calls.get(), "a refused upgrade");
        }
    }
}
