package dev.gatehouse.internal.handshake.jwt.tck;

import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertAcceptedToken1;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.assertRejected;
import static dev.gatehouse.internal.handshake.jwt.tck.Tck.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.spi.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.Test;

/**
 * {@code microprofile-config-verify-token-age.properties}: {@code mp.jwt.verify.token.age=4}. The
 * TCK's TokenAgeTest, which sleeps 5 s; here the server's clock moves instead. The age is exact:
 * the 30 s default clock skew does not stretch it.
 */
class TckVerifyTokenAgeTest {
    private static final Map<String, String> CONFIG = Tck.configFile("verify-token-age");

    private final ShiftedClock clock = new ShiftedClock();
    private final TokenVerifier verifier = Tck.verifier(CONFIG, clock);

    @Test
    void tokenAgeIsReadInSeconds() {
        assertEquals(Duration.ofSeconds(4), Tck.settings(CONFIG).tokenAge().orElseThrow());
    }

    @Test
    void freshTokenIsAccepted() {
        assertAcceptedToken1(verifier.verify(token1()));
    }

    @Test
    void tokenFiveSecondsOldIsRefusedAsTokenExpired() {
        String token = token1();
        clock.shift(Duration.ofSeconds(5));

        assertEquals("token is older than the accepted token age", assertRejected(ErrorCode.TOKEN_EXPIRED, verifier.verify(token), token));
    }

    @Test
    void acceptedTokenIsNotServedFromTheCacheOnceTooOld() {
        String token = token1();
        assertAcceptedToken1(verifier.verify(token));

        clock.shift(Duration.ofSeconds(5));

        assertRejected(ErrorCode.TOKEN_EXPIRED, verifier.verify(token), token);
    }

    @Test
    void tokenWithoutIatIsRefusedWhenATokenAgeIsConfigured() {
        // TokenUtils always sets iat; a jjwt-built token signed with the same TCK key has none
        String token = io.jsonwebtoken.Jwts.builder().subject("24400320").issuer(Tck.ISSUER)
                .expiration(java.util.Date.from(Instant.now().plusSeconds(300)))
                .signWith(Tck.privateKey("/privateKey.pem")).compact();

        assertEquals("token has no iat claim", assertRejected(ErrorCode.INVALID_TOKEN, verifier.verify(token), token));
    }

    private static String token1() {
        return call(() -> TokenUtils.signClaims("/Token1.json"));
    }

    /** The system clock moved ahead by a settable amount. */
    private static final class ShiftedClock extends Clock {
        private volatile Duration shift = Duration.ZERO;

        void shift(Duration by) {
            shift = shift.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
