package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;
import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.lifecycle.ManualClock;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code exp} and {@code nbf} are checked against the given clock, with the configured skew. */
class TokenTimeTest {
    private static final String SECRET = TestKeys.secret(32);
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final ManualClock clock = ManualClock.atNow();
    private final TokenVerifier verifier = JwtTokenVerifier.create(
            GatehouseConfig.builder().hmacSecret(SECRET).clockSkew(SKEW).build().jwt(), clock);

    @Test
    void expiredTokenIsRejectedAsTokenExpired() {
        String token = token().expiresAt(clock.instant().minus(SKEW).minusSeconds(1)).compact();

        assertEquals("token has expired", assertRejected(ErrorCode.TOKEN_EXPIRED, verifier.verify(token), token));
    }

    @Test
    void tokenExpiredWithinTheSkewIsAccepted() {
        assertAccepted(verifier.verify(token().expiresAt(clock.instant().minus(SKEW).plusSeconds(1)).compact()));
    }

    @Test
    void notBeforeBeyondTheSkewIsRejectedAsTokenExpired() {
        String token = token().notBefore(clock.instant().plus(SKEW).plusSeconds(1)).compact();

        assertEquals("token is not valid yet", assertRejected(ErrorCode.TOKEN_EXPIRED, verifier.verify(token), token));
    }

    @Test
    void notBeforeWithinTheSkewIsAccepted() {
        assertAccepted(verifier.verify(token().notBefore(clock.instant().plus(SKEW).minusSeconds(1)).compact()));
    }

    @Test
    void issuedAtBeyondTheSkewIsRejectedAsInvalidToken() {
        String token = token().claim("iat", clock.instant().plus(SKEW).plusSeconds(5).getEpochSecond()).compact();

        assertEquals("token is issued in the future", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void issuedAtWithinTheSkewIsAccepted() {
        assertAccepted(verifier.verify(token().claim("iat", clock.instant().plus(SKEW).minusSeconds(1).getEpochSecond()).compact()));
    }

    @Test
    void issuedAfterItExpiresIsRejectedAsInvalidToken() {
        Instant exp = clock.instant().plus(Duration.ofMinutes(5));
        String token = token().expiresAt(exp).claim("iat", exp.plusSeconds(1).getEpochSecond()).compact();

        assertEquals("token is issued after it expires", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    @Test
    void tokenOlderThanTheTokenAgeIsRejectedAsTokenExpiredWithoutSkew() {
        TokenVerifier aged = JwtTokenVerifier.create(GatehouseConfig.builder().hmacSecret(SECRET).clockSkew(SKEW)
                .tokenAge(Duration.ofMinutes(1)).build().jwt(), clock);
        String token = token().claim("iat", clock.instant().minusSeconds(61).getEpochSecond()).compact();

        assertRejected(ErrorCode.TOKEN_EXPIRED, aged.verify(token), token);
        assertAccepted(aged.verify(token().claim("iat", clock.instant().minusSeconds(59).getEpochSecond()).compact()));
    }

    @Test
    void theGivenClockDecidesNotTheSystemClock() {
        String token = token().expiresAt(clock.instant().plus(Duration.ofMinutes(5))).compact();
        assertAccepted(verifier.verify(token));

        clock.advance(Duration.ofMinutes(6));

        assertRejected(ErrorCode.TOKEN_EXPIRED, verifier.verify(token), token);
    }

    @Test
    void expiredTokenWithABadSignatureIsAnInvalidToken() {
        String token = TestTokens.hs256(TestKeys.secret(32)).subject("alice")
                .expiresAt(clock.instant().minus(Duration.ofHours(1))).compact();

        assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token);
    }

    private TestTokens token() {
        return TestTokens.hs256(SECRET).subject("alice").expiresAt(clock.instant().plus(Duration.ofMinutes(5)));
    }
}
