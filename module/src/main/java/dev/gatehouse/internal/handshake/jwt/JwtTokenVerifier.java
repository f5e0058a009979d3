package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.Verification;
import dev.gatehouse.VerifiedToken;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default {@link TokenVerifier}: verifies a compact JWS with jjwt against the key configured in
 * {@link JwtSettings}, then checks the claims Gatehouse requires. Every misconfiguration fails
 * {@link #create} with a {@link ConfigurationException}; a bad token is always a
 * {@link Verification.Rejected} value, never an exception.
 *
 * <p>Thread-safe. When the key comes from an http(s) URL, a daemon thread refreshes it;
 * {@link #close()} stops that thread.
 */
public final class JwtTokenVerifier implements TokenVerifier, AutoCloseable {
    private static final String SECRET = "gatehouse.jwt.secret";
    private static final String PUBLIC_KEY = "mp.jwt.verify.publickey";

    private final JwtParser parser;
    /** Verifies ES* and EdDSA tokens with Bouncy Castle key objects; null without Bouncy Castle. */
    private final JwtParser bouncyCastleParser;
    private final KeySource keys;
    private final String issuer;
    private final Set<String> audiences;

    private JwtTokenVerifier(JwtParser parser, JwtParser bouncyCastleParser, KeySource keys, JwtSettings settings) {
        this.parser = parser;
        this.bouncyCastleParser = bouncyCastleParser;
        this.keys = keys;
        this.issuer = settings.issuer().orElse(null);
        this.audiences = settings.audiences();
    }

    /**
     * Builds a verifier; for a remote JWKS this fetches it once.
     *
     * @param settings the key, algorithms and claim requirements
     * @param clock the time against which {@code exp} and {@code nbf} are checked
     * @return a thread-safe verifier, which is also {@link AutoCloseable}
     * @throws ConfigurationException naming the property at fault
     */
    public static TokenVerifier create(JwtSettings settings, Clock clock) {
        return create(settings, clock, BouncyCastle.provider().isPresent());
    }

    /** As {@link #create(JwtSettings, Clock)}; {@code bouncyCastle} false verifies everything with the JDK. */
    public static TokenVerifier create(JwtSettings settings, Clock clock, boolean bouncyCastle) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Set<String> configured = SignatureAlgorithms.canonical(settings.algorithms());
        KeySource keys = open(settings, clock);
        try {
            Set<String> allowed = allowed(settings, configured, keys.current());
            JwtParser parser = parser(new KeyLocator(keys, allowed, false), clock, settings).build();
            JwtParser bc = !bouncyCastle || BouncyCastle.provider().isEmpty() ? null
                    : parser(new KeyLocator(keys, allowed, true), clock, settings)
                            .provider(BouncyCastle.provider().get()).build();
            return new JwtTokenVerifier(parser, bc, keys, settings);
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    @Override
    public Verification verify(String compactJwt) {
        if (compactJwt == null || compactJwt.isBlank()) {
            return invalid("empty token");
        }
        try {
            return check(parserFor(compactJwt).parseSignedClaims(compactJwt).getPayload());
        } catch (ExpiredJwtException e) {
            return Verification.rejected(ErrorCode.TOKEN_EXPIRED, "token has expired");
        } catch (PrematureJwtException e) {
            return Verification.rejected(ErrorCode.TOKEN_EXPIRED, "token is not valid yet");
        } catch (KeyLocator.Rejected e) {
            return invalid(e.getMessage());
        } catch (SignatureException e) {
            // jjwt reports an 'alg' it does not know as a SignatureException caused by UnsupportedJwtException
            boolean unknownAlg = e.getCause() instanceof UnsupportedJwtException;
            return invalid(unknownAlg ? "unsupported algorithm" : "signature does not match");
        } catch (MalformedJwtException e) {
            return invalid("malformed token");
        } catch (UnsupportedJwtException e) {
            return invalid("unsupported token: a signed JWT with JSON claims is required");
        } catch (RuntimeException e) {
            return invalid("token could not be verified");
        }
    }

    /**
     * The Bouncy Castle parser for an ES* or EdDSA header, else the JDK one. Only a choice of
     * provider: both parsers enforce the same algorithm allow-list and keys.
     */
    private JwtParser parserFor(String compactJwt) {
        return bouncyCastleParser != null && BouncyCastle.handles(HeaderAlg.peek(compactJwt)) ? bouncyCastleParser : parser;
    }

    private static io.jsonwebtoken.JwtParserBuilder parser(KeyLocator locator, Clock clock, JwtSettings settings) {
        return Jwts.parser()
                .keyLocator(locator)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(wholeSeconds(settings.clockSkew()));
    }

    /** Stops the background refresh of a remote JWKS; a no-op otherwise. */
    @Override
    public void close() {
        keys.close();
    }

    private Verification check(Claims claims) {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            return invalid("token has no sub claim");
        }
        Date expiration = claims.getExpiration();
        if (expiration == null) {
            return invalid("token has no exp claim");
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            return invalid("issuer is not accepted");
        }
        Set<String> audience = Objects.requireNonNullElse(claims.getAudience(), Set.of());
        if (!audiences.isEmpty() && Collections.disjoint(audiences, audience)) {
            return invalid("audience is not accepted");
        }
        Optional<Set<String>> groups = PlainClaims.groups(claims.get("groups"));
        if (groups.isEmpty()) {
            return invalid("groups claim must be an array of strings");
        }
        return Verification.accepted(new VerifiedToken(subject, expiration.toInstant(), groups.get(), PlainClaims.of(claims)));
    }

    private static Verification invalid(String reason) {
        return Verification.rejected(ErrorCode.INVALID_TOKEN, reason);
    }

    private static KeySource open(JwtSettings settings, Clock clock) {
        if (settings.secret().isPresent()) {
            VerificationKey secret = VerificationKey.secret(settings.secret().get());
            if (secret.algorithms().isEmpty()) {
                throw new ConfigurationException(SECRET, "must be at least 256 bits (32 bytes of UTF-8)");
            }
            return KeySource.fixed(new KeySet(List.of(secret)));
        }
        if (settings.publicKey().isPresent()) {
            return KeySource.fixed(parse(settings.publicKey().get(), PUBLIC_KEY));
        }
        if (settings.publicKeyLocation().isPresent()) {
            String location = settings.publicKeyLocation().get();
            if (KeyLocation.isRemote(location)) {
                return RemoteJwks.open(location, settings.jwksRefreshInterval(), settings.jwksRefetchMinInterval(), clock);
            }
            return KeySource.fixed(parse(KeyLocation.read(location), KeyLocation.PROPERTY));
        }
        throw new ConfigurationException(SECRET, "no token verification key is configured; set " + SECRET
                + ", " + PUBLIC_KEY + " or " + KeyLocation.PROPERTY);
    }

    private static KeySet parse(String content, String property) {
        try {
            return KeyMaterial.parse(content);
        } catch (KeyMaterial.Invalid e) {
            throw new ConfigurationException(property, e.getMessage(), e);
        }
    }

    /**
     * The algorithms a token may use: those configured, each of which must fit some key, or else
     * every algorithm of the key's kind (HMAC for a secret, asymmetric for public keys).
     */
    private static Set<String> allowed(JwtSettings settings, Set<String> configured, KeySet keys) {
        Set<String> usable = keys.algorithms();
        if (usable.isEmpty()) {
            throw new ConfigurationException(keyProperty(settings), "the key fits no supported algorithm"
                    + " (RSA keys need at least 2048 bits; EC keys must be P-256, P-384 or P-521)");
        }
        for (String alg : configured) {
            if (!usable.contains(alg)) {
                throw new ConfigurationException(SignatureAlgorithms.PROPERTY,
                        alg + " does not fit the configured key, which fits " + new TreeSet<>(usable));
            }
        }
        if (!configured.isEmpty()) {
            return configured;
        }
        return settings.secret().isPresent() ? SignatureAlgorithms.HMAC : SignatureAlgorithms.ASYMMETRIC;
    }

    private static String keyProperty(JwtSettings settings) {
        return settings.secret().isPresent() ? SECRET
                : settings.publicKey().isPresent() ? PUBLIC_KEY : KeyLocation.PROPERTY;
    }

    /** jjwt takes whole seconds; a fraction is rounded up so the configured tolerance is never cut. */
    private static long wholeSeconds(Duration skew) {
        return skew.getSeconds() + (skew.getNano() > 0 ? 1 : 0);
    }
}
