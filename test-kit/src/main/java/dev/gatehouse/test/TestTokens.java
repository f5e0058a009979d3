package dev.gatehouse.test;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.test.internal.SigningKey;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Tokens for tests, minted from the configuration the server runs with: the issuer ({@code
 * mp.jwt.verify.issuer}), the audiences ({@code mp.jwt.verify.audiences}), the groups it requires
 * ({@code gatehouse.auth.required-groups}), an algorithm it accepts ({@code
 * mp.jwt.verify.publickey.algorithm}) and its key. A {@link #valid} token can therefore never carry
 * claims the server refuses, and each way of being refused has a name: {@link #expired}, {@link
 * #notYetValid}, {@link #wrongSignature}.
 *
 * <pre>{@code
 * TestTokens tokens = TestTokens.forServer(config);           // an HMAC secret (gatehouse.jwt.secret)
 * TestTokens tokens = TestTokens.forServer(config, privateKey); // a public key: sign with its private half
 * String alice = tokens.valid("alice");
 * String soon = tokens.token("alice").expiresIn(Duration.ofSeconds(3)).compact();
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link GatehouseExtension#tokens()} hands out the one that fits the
 * server it started.
 */
public final class TestTokens {
    /** How long a {@link #valid} token lives. */
    public static final Duration LIFETIME = Duration.ofHours(1);

    private final SigningKey key;
    private final Claims claims;
    private final Clock clock;

    private TestTokens(SigningKey key, Claims claims, Clock clock) {
        this.key = key;
        this.claims = claims;
        this.clock = clock;
    }

    /**
     * Tokens for a server whose key is an HMAC secret.
     *
     * @param config the server's configuration
     * @return the tokens
     * @throws IllegalArgumentException when the configuration has no HMAC secret (use {@link
     *     #forServer(GatehouseConfig, PrivateKey)} for a public key)
     */
    public static TestTokens forServer(GatehouseConfig config) {
        JwtSettings jwt = config.jwt();
        String secret = jwt.secret().orElseThrow(() -> new IllegalArgumentException(
                "The configuration has no HMAC secret (gatehouse.jwt.secret): pass the private key of "
                        + "mp.jwt.verify.publickey to forServer(config, privateKey)"));
        return new TestTokens(SigningKey.secret(secret, jwt.algorithms()), Claims.of(config), Clock.systemUTC());
    }

    /**
     * Tokens for a server that verifies with a public key, signed with its private half.
     *
     * @param config the server's configuration
     * @param privateKey the private key of the configured public key (RSA, EC or Ed25519)
     * @return the tokens
     * @throws IllegalArgumentException when the key fits none of the configured algorithms
     */
    public static TestTokens forServer(GatehouseConfig config, PrivateKey privateKey) {
        return new TestTokens(SigningKey.of(privateKey, config.jwt().algorithms()), Claims.of(config), Clock.systemUTC());
    }

    /**
     * The same tokens, with times read from this clock (for a server that runs on the same clock).
     *
     * @param clock the clock
     * @return tokens on that clock
     */
    public TestTokens withClock(Clock clock) {
        return new TestTokens(key, claims, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * {@return the JWS algorithm the tokens are signed with, one the server accepts}
     */
    public String algorithm() {
        return key.algorithm();
    }

    /**
     * A token the server accepts, valid for {@link #LIFETIME}.
     *
     * @param user the subject ({@code sub}), the connection's user id
     * @return the compact token
     */
    public String valid(String user) {
        return token(user).compact();
    }

    /**
     * A token that expired a minute ago (beyond any sensible clock skew): refused {@code TOKEN_EXPIRED}.
     *
     * @param user the subject
     * @return the compact token
     */
    public String expired(String user) {
        return token(user).issuedAt(clock.instant().minus(Duration.ofMinutes(10))).expiresIn(Duration.ofMinutes(-1)).compact();
    }

    /**
     * A token that becomes valid in an hour ({@code nbf}): refused {@code TOKEN_EXPIRED}.
     *
     * @param user the subject
     * @return the compact token
     */
    public String notYetValid(String user) {
        return token(user).notBefore(clock.instant().plus(Duration.ofHours(1))).expiresIn(Duration.ofHours(2)).compact();
    }

    /**
     * A token with every claim right but signed by another key of the same algorithm: refused
     * {@code INVALID_TOKEN}.
     *
     * @param user the subject
     * @return the compact token
     */
    public String wrongSignature(String user) {
        return new Token(key.other(), claims, clock, user).compact();
    }

    /**
     * A token to adjust before {@link Token#compact()}: valid for {@link #LIFETIME} with the
     * configured claims unless changed.
     *
     * @param user the subject
     * @return the token's builder
     */
    public Token token(String user) {
        return new Token(key, claims, clock, user);
    }

    /**
     * One token being minted. Not thread-safe; each {@link TestTokens#token} call makes a new one.
     */
    public static final class Token {
        private final SigningKey key;
        private final Clock clock;
        private final JwtBuilder jwt;
        private Instant issuedAt;
        private Duration lifetime = LIFETIME;

        private Token(SigningKey key, Claims claims, Clock clock, String user) {
            this.key = key;
            this.clock = clock;
            this.jwt = claims.applyTo(Jwts.builder().subject(Objects.requireNonNull(user, "user")));
        }

        /**
         * How long from now the token expires; negative for one already expired.
         *
         * @param lifetime the lifetime
         * @return this token
         */
        public Token expiresIn(Duration lifetime) {
            this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /**
         * When the token becomes valid ({@code nbf}); unset by default.
         *
         * @param notBefore the instant
         * @return this token
         */
        public Token notBefore(Instant notBefore) {
            jwt.notBefore(Date.from(notBefore));
            return this;
        }

        /**
         * The token's {@code iat}; now by default (or its expiry, if that is earlier).
         *
         * @param issuedAt the instant
         * @return this token
         */
        public Token issuedAt(Instant issuedAt) {
            this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
            return this;
        }

        /**
         * The {@code groups} claim, replacing the configured required groups.
         *
         * @param groups the groups
         * @return this token
         */
        public Token groups(String... groups) {
            jwt.claim(Claims.GROUPS, List.of(groups));
            return this;
        }

        /**
         * Any other claim (a registered claim's name sets that claim).
         *
         * @param name the claim's name
         * @param value its value (a string, number, boolean, list or map)
         * @return this token
         */
        public Token claim(String name, Object value) {
            jwt.claim(name, value);
            return this;
        }

        /**
         * {@return the signed compact token}
         */
        public String compact() {
            Instant now = clock.instant();
            Instant expiry = now.plus(lifetime);
            Instant iat = issuedAt != null ? issuedAt : expiry.isBefore(now) ? expiry : now;
            jwt.issuedAt(Date.from(iat)).expiration(Date.from(expiry));
            return key.sign(jwt);
        }
    }

    /** The claims every token carries, read from the server's configuration. */
    private record Claims(String issuer, Set<String> audiences, Set<String> groups) {
        static final String GROUPS = "groups";

        static Claims of(GatehouseConfig config) {
            JwtSettings jwt = config.jwt();
            return new Claims(jwt.issuer().orElse(null), jwt.audiences(), config.requiredGroups());
        }

        JwtBuilder applyTo(JwtBuilder jwt) {
            if (issuer != null) {
                jwt.issuer(issuer);
            }
            if (!audiences.isEmpty()) {
                jwt.audience().add(audiences);
            }
            if (!groups.isEmpty()) {
                jwt.claim(GROUPS, List.copyOf(groups));
            }
            return jwt;
        }
    }
}
