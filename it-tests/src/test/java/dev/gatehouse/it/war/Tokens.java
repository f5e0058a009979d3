package dev.gatehouse.it.war;

import dev.gatehouse.testkit.TestServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** HS256 tokens for the deployments' secret ({@link TestServer#SECRET}), good and bad. */
final class Tokens {
    private Tokens() {
    }

    /** Valid for an hour, no audience. */
    static String valid(String subject) {
        return TestServer.token(subject);
    }

    /** Expired five minutes ago (beyond the default 30 s skew). */
    static String expired(String subject) {
        return TestServer.token(subject, Duration.ofMinutes(-5));
    }

    /** Valid for an hour with this audience. */
    static String withAudience(String subject, String audience) {
        return sign(subject, audience, TestServer.SECRET);
    }

    /** Well-formed, but signed with another secret. */
    static String badSignature(String subject) {
        return sign(subject, null, "another-secret-that-is-also-at-least-256-bits-long");
    }

    private static String sign(String subject, String audience, String secret) {
        Instant now = Instant.now();
        var builder = Jwts.builder()
                .subject(subject)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofHours(1))));
        if (audience != null) {
            builder.audience().add(audience);
        }
        return builder.signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8))).compact();
    }
}
