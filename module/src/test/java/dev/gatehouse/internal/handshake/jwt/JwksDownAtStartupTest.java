package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.Within.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.spi.Verification;
import dev.gatehouse.testkit.JwksServer;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.lang.System.Logger.Level;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An identity provider that is down, answers an error, serves garbage or stalls when the server
 * starts: the verifier is created all the same, is not ready (saying why, without the URL), refuses
 * tokens as {@code SERVICE_UNAVAILABLE}, retries, and takes the keys when they come.
 */
class JwksDownAtStartupTest {
    private static final KeyPair KEY = TestKeys.rsa();
    private static final String TOKEN = TestTokens.signedWith(KEY.getPrivate(), "RS256").kid("k1").subject("alice")
            .expiresIn(Duration.ofHours(1)).compact();

    private final JwksServer idp = JwksServer.serving(TestKeys.jwks(Map.of("k1", KEY.getPublic())));
    private JwtTokenVerifier verifier;

    @AfterEach
    void stop() {
        if (verifier != null) {
            verifier.close();
        }
        idp.close();
    }

    @Test
    void anUnreachableIdpDoesNotFailCreationAndTokensWaitForItToComeBack() throws Exception {
        idp.goAway();

        verifier = within(Duration.ofSeconds(3), () -> create(Duration.ofMillis(100)));

        assertNotReady(verifier, "ConnectException");
        idp.comeBack();
        awaitAccepted();
        assertEquals(Optional.empty(), verifier.missing());
    }

    @Test
    void anErrorStatusAtStartupIsNotReadyWithTheStatus() {
        idp.fail(503);

        verifier = within(Duration.ofSeconds(3), () -> create(Duration.ofHours(1)));

        assertNotReady(verifier, "HTTP status 503");
    }

    @Test
    void garbageAtStartupIsNotReady() {
        idp.serve("<html>maintenance</html>");

        verifier = within(Duration.ofSeconds(3), () -> create(Duration.ofHours(1)));

        assertNotReady(verifier, "not a key set");
    }

    @Test
    void aStallAtStartupDelaysCreationByTheFetchDeadlineAtMost() {
        idp.stallMidBody();

        long start = System.nanoTime();
        verifier = within(Duration.ofSeconds(4), () -> create(Duration.ofHours(1)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(millis < 3000, "created after " + millis + " ms");
        assertNotReady(verifier, "no complete answer within 300 ms");
    }

    @Test
    void eachFailedFetchIsOneWarningLineWithoutAStackTraceOrTheUrlsCredentials() throws Exception {
        idp.fail(500);
        RecordingLogger log = new RecordingLogger();
        String url = idp.url().replace("http://", "http://user:hunter2@") + "?api_key=hunter3";
        JwtSettings settings = GatehouseConfig.builder().publicKeyLocation(url).jwksAllowHttp(true)
                .jwksRefreshInterval(Duration.ofMillis(50)).build().jwt();

        try (RemoteJwks jwks = RemoteJwks.open(settings, Clock.systemUTC(), log)) {
            idp.awaitRequests(4);
            assertTrue(jwks.missing().isPresent());
        }

        List<RecordingLogger.Line> lines = log.lines();
        assertTrue(lines.size() >= 3 && lines.size() <= idp.requests(), lines.size() + " lines for " + idp.requests());
        for (RecordingLogger.Line line : lines) {
            assertEquals(Level.WARNING, line.level());
            assertNull(line.thrown(), "no stack trace");
            assertTrue(line.text().contains("http://127.0.0.1:") && line.text().contains("HTTP status 500"), line.text());
            assertFalse(line.text().contains("hunter"), line.text());
        }
    }

    private JwtTokenVerifier create(Duration refreshInterval) {
        return (JwtTokenVerifier) JwtTokenVerifier.create(GatehouseConfig.builder()
                .publicKeyLocation(idp.url()).jwksAllowHttp(true).jwksRefreshInterval(refreshInterval)
                .jwksFetchTimeout(Duration.ofMillis(300)).build().jwt(), Clock.systemUTC());
    }

    private static void assertNotReady(JwtTokenVerifier verifier, String reason) {
        String missing = verifier.missing().orElseThrow();
        assertTrue(missing.startsWith("no key set yet from mp.jwt.verify.publickey.location") && missing.contains(reason),
                missing);
        assertFalse(missing.contains("127.0.0.1"), "readiness is public: no URL in " + missing);
        assertTrue(verifier.reported());
        String message = assertRejected(ErrorCode.SERVICE_UNAVAILABLE, verifier.verify(TOKEN), TOKEN);
        assertTrue(message.contains("retry"), message);
    }

    private void awaitAccepted() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Verification last = verifier.verify(TOKEN);
        while (!last.isAccepted() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = verifier.verify(TOKEN);
        }
        assertAccepted(last);
    }
}
