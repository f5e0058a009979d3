package dev.gatehouse.testkit;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints compact JWTs for tests with a fluent builder, for example
 * {@code TestTokens.hs256(secret).subject("alice").expiresIn(Duration.ofMinutes(5)).compact()}.
 *
 * <p>A token expires five minutes after it is minted unless told otherwise; {@code iat} is the
 * moment of minting, or its expiry when that is earlier (no token is issued after it expires).
 * Nothing else is set unless asked for.
 */
public final class TestTokens {
    private final Key key;
    private final SecureDigestAlgorithm<Key, ?> algorithm;
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private String kid;
    private Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5));
    private Instant notBefore;
    private List<String> audience;

    private TestTokens(Key key, SecureDigestAlgorithm<Key, ?> algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /** HS256 with the UTF-8 bytes of {@code secret}, as {@code gatehouse.jwt.secret} is used. */
    public static TestTokens hs256(String secret) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), "HS256");
    }

    /** An HMAC algorithm ({@code HS256}, {@code HS384}, {@code HS512}) with raw key bytes. */
    public static TestTokens hmac(byte[] secret, String alg) {
        return new TestTokens(new SecretKeySpec(secret, "HmacSHA" + alg.substring(2)), algorithm(alg));
    }

    /** Signed with a private key by a named algorithm, such as {@code RS256}, {@code PS256}, {@code ES256}, {@code EdDSA}. */
    public static TestTokens signedWith(PrivateKey key, String alg) {
        return new TestTokens(key, algorithm(alg));
    }

    /** Unsigned: header {@code alg: none}, empty signature. */
    public static TestTokens unsecured() {
        return new TestTokens(null, null);
    }

    /**
     * A compact JWS of exactly this header and payload JSON, HMAC-SHA256 over them with raw key
     * bytes: for JSON a builder would not write (duplicate names, garbled text, weak keys).
     */
    public static String rawHs256(byte[] key, String headerJson, String payloadJson) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String input = base64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return input + "." + base64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets {@code sub}. */
    public TestTokens subject(String subject) {
        return claim("sub", subject);
    }

    /** Sets {@code exp} this long after now (negative for a token already expired). */
    public TestTokens expiresIn(Duration duration) {
        this.expiresAt = Instant.now().plus(duration);
        return this;
    }

    /** Sets {@code exp}. */
    public TestTokens expiresAt(Instant instant) {
        this.expiresAt = instant;
        return this;
    }

    /** Leaves {@code exp} out. */
    public TestTokens withoutExpiry() {
        this.expiresAt = null;
        return this;
    }

    /** Sets {@code nbf}. */
    public TestTokens notBefore(Instant instant) {
        this.notBefore = instant;
        return this;
    }

    /** Sets {@code iss}. */
    public TestTokens issuer(String issuer) {
        return claim("iss", issuer);
    }

    /** Sets {@code aud}: a JSON string for one value, an array for several. */
    public TestTokens audience(String... audience) {
        this.audience = List.of(audience);
        return this;
    }

    /** Sets the MicroProfile JWT {@code groups} claim. */
    public TestTokens groups(String... groups) {
        return claim("groups", List.of(groups));
    }

    /** Sets the header {@code kid}. */
    public TestTokens kid(String kid) {
        this.kid = kid;
        return this;
    }

    /** Sets any claim. */
    public TestTokens claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    /** The compact JWT. */
    public String compact() {
        Instant now = Instant.now();
        Instant issuedAt = expiresAt != null && expiresAt.isBefore(now) ? expiresAt : now;
        JwtBuilder builder = Jwts.builder().issuedAt(Date.from(issuedAt)).claims(claims);
        if (kid != null) {
            builder.header().keyId(kid).and();
        }
        if (expiresAt != null) {
            builder.expiration(Date.from(expiresAt));
        }
        if (notBefore != null) {
            builder.notBefore(Date.from(notBefore));
        }
        if (audience != null && audience.size() == 1) {
            builder.claim("aud", audience.get(0));
        } else if (audience != null) {
            builder.audience().add(audience).and();
        }
        if (algorithm != null) {
            builder.signWith(key, algorithm);
        }
        return builder.compact();
    }

    @SuppressWarnings("unchecked")
    private static SecureDigestAlgorithm<Key, ?> algorithm(String alg) {
        return (SecureDigestAlgorithm<Key, ?>) Jwts.SIG.get().forKey(alg);
    }
}
