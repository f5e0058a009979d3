package dev.gatehouse.it.war.slow;

import dev.gatehouse.ErrorCode;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * The application's token verifier: HS256 with the tests' secret, then, for subjects named
 * {@code hang-verifier…}, a call to an introspection endpoint that does not answer. With it the
 * deployment configures no key of its own.
 */
@ApplicationScoped
public class HangingTokenVerifier implements TokenVerifier {
    /** The subjects whose verification hangs. */
    public static final String SUBJECTS = "hang-verifier";
    /** The same secret as the other deployments' {@code gatehouse.jwt.secret}, so the tests' tokens verify. */
    private static final SecretKey KEY = Keys.hmacShaKeyFor(
            "integration-test-secret-of-at-least-256-bits!!".getBytes(StandardCharsets.UTF_8));

    @Override
    public Verification verify(String compactJwt) {
        Claims claims;
        try {
            claims = Jwts.parser().verifyWith(KEY).build().parseSignedClaims(compactJwt).getPayload();
        } catch (JwtException | IllegalArgumentException e) {
            return Verification.rejected(ErrorCode.INVALID_TOKEN, "Token could not be verified");
        }
        if (claims.getSubject() == null || claims.getExpiration() == null) {
            return Verification.rejected(ErrorCode.INVALID_TOKEN, "Token lacks sub or exp");
        }
        Hang.verified(claims.getSubject());
        if (claims.getSubject().startsWith(SUBJECTS)) {
            Hang.await("verifier");
        }
        return Verification.accepted(new VerifiedToken(claims.getSubject(), claims.getExpiration().toInstant(), Set.of(),
                Map.of("sub", claims.getSubject())));
    }
}
