package dev.gatehouse.client.harness;

import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/** HS256 tokens minted with jjwt for the test server's secret (or another one). */
public final class Tokens {
    private Tokens() {
    }

    /**
     * {@return a token for the user valid for an hour}
     *
     * @param subject the {@code sub}
     */
    public static String valid(String subject) {
        return lasting(subject, Duration.ofHours(1));
    }

    /**
     * {@return a token for the user that expires after the lifetime (negative: already expired)}
     *
     * @param subject the {@code sub}
     * @param lifetime from now to {@code exp}
     */
    public static String lasting(String subject, Duration lifetime) {
        return mint(subject, lifetime, TestGatehouse.SECRET);
    }

    /**
     * {@return a token valid for an hour, signed with a secret the server does not trust}
     *
     * @param subject the {@code sub}
     */
    public static String wronglySigned(String subject) {
        return mint(subject, Duration.ofHours(1), "some-other-secret-of-at-least-256-bits!!!!!!");
    }

    private static String mint(String subject, Duration lifetime, String secret) {
        Instant now = Instant.now();
        Instant exp = now.plus(lifetime);
        return Jwts.builder().subject(subject).id(UUID.randomUUID().toString())
                .issuedAt(Date.from(exp.isBefore(now) ? exp : now)).expiration(Date.from(exp))
                .signWith(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), Jwts.SIG.HS256)
                .compact();
    }
}
