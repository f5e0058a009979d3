package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.Verification;
import dev.gatehouse.VerifiedToken;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/** TEMPORARY HS256-only stand-in, replaced by the full verifier on the jwt branch. */
public final class JwtTokenVerifier implements TokenVerifier {
    private final JwtParser parser;
    private final Set<String> audiences;

    private JwtTokenVerifier(JwtParser parser, Set<String> audiences) {
        this.parser = parser;
        this.audiences = audiences;
    }

    public static TokenVerifier create(JwtSettings settings, Clock clock) {
        String secret = settings.secret().orElseThrow(() -> new ConfigurationException("gatehouse.jwt.secret", "no key configured"));
        return new JwtTokenVerifier(Jwts.parser().verifyWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)))
                .clock(() -> Date.from(clock.instant())).build(), settings.audiences());
    }

    @Override
    public Verification verify(String compactJwt) {
        try {
            Claims c = parser.parseSignedClaims(compactJwt).getPayload();
            Set<String> aud = c.getAudience() == null ? Set.of() : c.getAudience();
            if (!audiences.isEmpty() && java.util.Collections.disjoint(audiences, aud)) {
                return Verification.rejected(ErrorCode.INVALID_TOKEN, "Token invalid");
            }
            Object g = c.get("groups");
            Set<String> groups = g instanceof List<?> l ? Set.copyOf(l.stream().map(String::valueOf).toList()) : Set.of();
            HashMap<String, Object> claims = new HashMap<>();
            c.forEach((k, v) -> claims.put(k, v instanceof Date d ? d.getTime() / 1000 : v));
            return Verification.accepted(new VerifiedToken(c.getSubject(), c.getExpiration().toInstant(), groups, claims));
        } catch (ExpiredJwtException | PrematureJwtException e) {
            return Verification.rejected(ErrorCode.TOKEN_EXPIRED, "Token expired");
        } catch (JwtException | IllegalArgumentException | NullPointerException e) {
            return Verification.rejected(ErrorCode.INVALID_TOKEN, "Token invalid");
        }
    }
}
