package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.handshake.KeyReadiness;
import dev.gatehouse.internal.handshake.NonBlockingVerifier;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The default {@link TokenVerifier}: reads a compact JWS, or with {@code mp.jwt.decrypt.key.location}
 * a compact JWE, with jjwt against the keys configured in {@link JwtSettings}, then checks the claims
 * Gatehouse requires. Every misconfiguration fails {@link #create} with a
 * {@link ConfigurationException}; a bad token is always a {@link Verification.Rejected} value,
 * never an exception.
 *
 * <p>Thread-safe. When the key comes from an http(s) URL, a daemon thread fetches and refreshes it;
 * until its first key set arrives, tokens are rejected as {@code SERVICE_UNAVAILABLE} (the server is
 * not ready, the token may be fine) and {@link #missing()} says why; {@link #close()} stops that thread.
 */
public final class JwtTokenVerifier implements TokenVerifier, KeyReadiness, NonBlockingVerifier, AutoCloseable {
    /** Verifies signed tokens, top-level or nested in a JWE; null when only a decryption key is configured. */
    private final SignedTokens signed;
    /** Opens encrypted tokens; null when no decryption key is configured (then only a JWS is accepted). */
    private final EncryptedTokens encrypted;
    private final String issuer;
    private final Set<String> audiences;
    private final Duration clockSkew;
    /** Oldest accepted {@code iat}, as an age; null when {@code mp.jwt.verify.token.age} is unset. */
    private final Duration tokenAge;
    private final Clock clock;
    /** {@link #verifyingKey} of a token when the keys never change. */
    static final Object FIXED = new Object();

    private JwtTokenVerifier(SignedTokens signed, EncryptedTokens encrypted, JwtSettings settings, Clock clock) {
        this.signed = signed;
        this.encrypted = encrypted;
        this.issuer = settings.issuer().orElse(null);
        this.audiences = settings.audiences();
        this.clockSkew = settings.clockSkew();
        this.tokenAge = settings.tokenAge().orElse(null);
        this.clock = clock;
    }

    /**
     * Builds a verifier; for a remote JWKS this starts fetching it and waits for the first fetch at
     * most {@code gatehouse.jwks.fetch-timeout}, but does not fail when it fails.
     *
     * @param settings the keys, algorithms and claim requirements
     * @param clock the time against which {@code exp}, {@code nbf} and {@code iat} are checked
     * @return a thread-safe verifier, which is also {@link AutoCloseable}
     * @throws ConfigurationException naming the property at fault
     */
    public static TokenVerifier create(JwtSettings settings, Clock clock) {
        return create(settings, clock, () -> { });
    }

    /**
     * As {@link #create(JwtSettings, Clock)}, telling {@code macOverflows} of each initialised HMAC
     * Mac let go because its pool held its bound already ({@link PooledMacAlgorithm}).
     */
    public static TokenVerifier create(JwtSettings settings, Clock clock, Runnable macOverflows) {
        return create(settings, clock, BouncyCastle.provider().isPresent(), macOverflows);
    }

    /** As {@link #create(JwtSettings, Clock)}; {@code bouncyCastle} false verifies everything with the JDK. */
    public static TokenVerifier create(JwtSettings settings, Clock clock, boolean bouncyCastle) {
        return create(settings, clock, bouncyCastle, () -> { });
    }

    private static TokenVerifier create(JwtSettings settings, Clock clock, boolean bouncyCastle, Runnable macOverflows) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(macOverflows, "macOverflows");
        boolean decrypting = settings.decryptKeyLocation().isPresent();
        if (!SignedTokens.configured(settings) && !decrypting) {
            throw new ConfigurationException(SignedTokens.SECRET, "no token verification key is configured; set "
                    + SignedTokens.SECRET + ", " + SignedTokens.PUBLIC_KEY + " or " + KeyLocation.PROPERTY
                    + " (or " + EncryptedTokens.PROPERTY + " for encrypted tokens)");
        }
        SignedTokens signed = SignedTokens.configured(settings)
                ? SignedTokens.create(settings, clock, bouncyCastle, macOverflows) : null;
        try {
            EncryptedTokens encrypted = decrypting ? EncryptedTokens.create(settings, clock, signed, macOverflows) : null;
            return new JwtTokenVerifier(signed, encrypted, settings, clock);
        } catch (RuntimeException e) {
            if (signed != null) {
                signed.close();
            }
            throw e;
        }
    }

    @Override
    public Verification verify(String compactJwt) {
        if (compactJwt == null || compactJwt.isBlank()) {
            return invalid("empty token");
        }
        try {
            return check(encrypted != null ? encrypted.claims(compactJwt) : signed.claims(compactJwt));
        } catch (ExpiredJwtException e) {
            return Verification.rejected(ErrorCode.TOKEN_EXPIRED, "token has expired");
        } catch (PrematureJwtException e) {
            return Verification.rejected(ErrorCode.TOKEN_EXPIRED, "token is not valid yet");
        } catch (Refused e) {
            return invalid(e.getMessage());
        } catch (KeysNotReady e) {
            return Verification.rejected(ErrorCode.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (SignatureException e) {
            // jjwt reports an 'alg' it does not know as a SignatureException caused by UnsupportedJwtException
            boolean unknownAlg = e.getCause() instanceof UnsupportedJwtException;
            return invalid(unknownAlg ? "unsupported algorithm" : "signature does not match");
        } catch (MalformedJwtException e) {
            return invalid("malformed token");
        } catch (UnsupportedJwtException e) {
            if (compressed(e)) {
                return invalid("compressed tokens are not accepted");
            }
            return invalid(encrypted != null ? "unsupported token: an encrypted JWT is required"
                    : "unsupported token: a signed JWT with JSON claims is required");
        } catch (RuntimeException e) {
            return invalid("token could not be verified");
        }
    }

    /**
     * Until when a verification of this token may be reused without checking it again: its
     * {@code exp}, or, with {@code mp.jwt.verify.token.age}, its {@code iat} plus that age when earlier.
     */
    Instant acceptedUntil(VerifiedToken token) {
        Object iat = token.claims().get("iat");
        if (tokenAge == null || !(iat instanceof Long seconds)) {
            return token.expiresAt();
        }
        Instant tooOld = Instant.ofEpochSecond(seconds).plus(tokenAge);
        return tooOld.isBefore(token.expiresAt()) ? tooOld : token.expiresAt();
    }

    /**
     * What a verification of this token depends on among keys that may change, so that a cache can
     * tell when it no longer holds: for keys from a remote JWKS, the key the current set picks for
     * the token's {@code kid} (equal across refreshes while the key stays the same); {@link #FIXED}
     * when the keys never change; null when the key cannot be told (none picked now, or a JWE, whose
     * signing key is inside it), and then a verification must not be reused.
     */
    Object verifyingKey(String compactJwt) {
        if (signed == null || !signed.keys().remote()) {
            return FIXED;
        }
        return encrypted != null && compactJwt.chars().filter(c -> c == '.').count() == 4 ? null
                : signed.keyFor(compactJwt);
    }

    /**
     * A jjwt parser that checks {@code exp} and {@code nbf} against {@code clock} with the configured
     * skew, and refuses any {@code zip} header without inflating. The key of a JWE is public, so
     * anyone could send a few hundred kilobytes that inflate to gigabytes; MicroProfile JWT does not
     * ask for compression (its TCK has none), and RFC 8725 section 3.6 advises against compressing
     * before encryption. jjwt offers no bound on the inflated size, only the registry, emptied here.
     * Two of jjwt's extension points remove per-token work it does by default: JSON read with
     * {@link JsonpDeserializer} instead of Gson, and the HMAC algorithms replaced by
     * {@link PooledMacAlgorithm}, which reuses initialised JCA Macs and runs {@code macOverflows} for
     * each one it lets go at its bound.
     */
    static JwtParserBuilder parserBuilder(Clock clock, JwtSettings settings, Runnable macOverflows) {
        JwtParserBuilder builder = Jwts.parser()
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(wholeSeconds(settings.clockSkew()))
                .json(new JsonpDeserializer())
                .zip().clear().and();
        return builder.sig().add(PooledMacAlgorithm.hmac(macOverflows)).and();
    }

    /** {@return whether the verification keys come from an http(s) URL, and so may be missing} */
    @Override
    public boolean reported() {
        return signed != null && signed.keys().remote();
    }

    @Override
    public Optional<String> missing() {
        return signed == null ? Optional.empty() : signed.keys().missing();
    }

    /** Stops the background refresh of a remote JWKS; a no-op otherwise. */
    @Override
    public void close() {
        if (signed != null) {
            signed.close();
        }
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
        Optional<Verification> timing = issuedAtProblem(claims.getIssuedAt(), expiration);
        if (timing.isPresent()) {
            return timing.get();
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

    /**
     * The refusal an {@code iat} earns, if any: issued after it expires or in the future beyond the
     * clock skew (a token that cannot be right: INVALID_TOKEN); missing while a token age is
     * required (INVALID_TOKEN); older than the token age (TOKEN_EXPIRED, like {@code exp}: a fresh
     * token helps). The token age is exact: the clock skew does not extend it.
     */
    private Optional<Verification> issuedAtProblem(Date issuedAt, Date expiration) {
        Instant now = clock.instant();
        if (issuedAt == null) {
            return tokenAge == null ? Optional.empty() : Optional.of(invalid("token has no iat claim"));
        }
        Instant iat = issuedAt.toInstant();
        if (iat.isAfter(expiration.toInstant())) {
            return Optional.of(invalid("token is issued after it expires"));
        }
        if (iat.isAfter(now.plus(clockSkew))) {
            return Optional.of(invalid("token is issued in the future"));
        }
        if (tokenAge != null && now.isAfter(iat.plus(tokenAge))) {
            return Optional.of(Verification.rejected(ErrorCode.TOKEN_EXPIRED, "token is older than the accepted token age"));
        }
        return Optional.empty();
    }

    /** Whether jjwt refused the token for its {@code zip} header, which names the parameter in its message. */
    private static boolean compressed(UnsupportedJwtException e) {
        return e.getMessage() != null && e.getMessage().contains("'zip'");
    }

    private static Verification invalid(String reason) {
        return Verification.rejected(ErrorCode.INVALID_TOKEN, reason);
    }

    /** jjwt takes whole seconds; a fraction is rounded up so the configured tolerance is never cut. */
    private static long wholeSeconds(Duration skew) {
        return skew.getSeconds() + (skew.getNano() > 0 ? 1 : 0);
    }
}
