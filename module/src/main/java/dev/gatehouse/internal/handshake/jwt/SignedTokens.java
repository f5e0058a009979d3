package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.JwtSettings;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies compact JWS tokens against the configured verification key ({@code gatehouse.jwt.secret},
 * {@code mp.jwt.verify.publickey} or {@code mp.jwt.verify.publickey.location}) and returns their
 * claims, with {@code exp} and {@code nbf} checked. A refused token surfaces as the jjwt exception
 * or {@link Refused}; the verifier maps them to outcomes. Thread-safe.
 */
final class SignedTokens implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.gatehouse.handshake");
    static final String SECRET = "gatehouse.jwt.secret";
    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";

    private final JwtParser parser;
    /** Verifies ES* and EdDSA tokens with Bouncy Castle key objects; null without Bouncy Castle. */
    private final JwtParser bouncyCastleParser;
    private final KeySource keys;

    private SignedTokens(JwtParser parser, JwtParser bouncyCastleParser, KeySource keys) {
        this.parser = parser;
        this.bouncyCastleParser = bouncyCastleParser;
        this.keys = keys;
    }

    /** Whether the settings name a verification key (as opposed to only a decryption key). */
    static boolean configured(JwtSettings settings) {
        return settings.secret().isPresent() || settings.publicKey().isPresent() || settings.publicKeyLocation().isPresent();
    }

    /**
     * Loads the verification key; for a remote JWKS this starts fetching it and waits for the first
     * fetch at most {@code gatehouse.jwks.fetch-timeout}, but does not fail when that fetch does.
     *
     * @param macOverflows run for each initialised HMAC Mac let go at its pool's bound ({@link PooledMacAlgorithm})
     * @throws ConfigurationException naming the property at fault
     */
    static SignedTokens create(JwtSettings settings, Clock clock, boolean bouncyCastle, Runnable macOverflows) {
        Set<String> configured = SignatureAlgorithms.canonical(settings.algorithms());
        KeySource keys = open(settings, clock);
        try {
            checkWhenTheyArrive(settings, configured, keys);
            Set<String> allowed = allowed(settings, configured);
            JwtParser parser = JwtTokenVerifier.parserBuilder(clock, settings, macOverflows)
                    .keyLocator(new KeyLocator(keys, allowed, false)).build();
            JwtParser bc = !bouncyCastle || BouncyCastle.provider().isEmpty() ? null
                    : JwtTokenVerifier.parserBuilder(clock, settings, macOverflows)
                            .keyLocator(new KeyLocator(keys, allowed, true))
                            .provider(BouncyCastle.provider().get()).build();
            return new SignedTokens(parser, bc, keys);
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    /** The verified claims of a compact JWS; throws what jjwt or a key locator throws. */
    Claims claims(String compactJws) {
        return parserFor(compactJws).parseSignedClaims(compactJws).getPayload();
    }

    /**
     * The key the current key set picks for this token's {@code kid}, or null when it picks none
     * (the key left the set, or there are no keys yet).
     */
    VerificationKey keyFor(String compactJws) {
        KeySet current = keys.current();
        return current == null ? null : current.select(HeaderAlg.field(compactJws, "kid"));
    }

    /** {@return where the keys come from} */
    KeySource keys() {
        return keys;
    }

    /** Stops the background refresh of a remote JWKS; a no-op otherwise. */
    @Override
    public void close() {
        keys.close();
    }

    /**
     * The Bouncy Castle parser for an ES* or EdDSA header, else the JDK one. Only a choice of
     * provider: both parsers enforce the same algorithm allow-list and keys.
     */
    private JwtParser parserFor(String compactJwt) {
        return bouncyCastleParser != null && BouncyCastle.handles(HeaderAlg.peek(compactJwt)) ? bouncyCastleParser : parser;
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
        String location = settings.publicKeyLocation().orElseThrow();
        if (KeyLocation.isRemote(location)) {
            return RemoteJwks.open(settings, clock);
        }
        return KeySource.fixed(parse(KeyLocation.read(location), KeyLocation.PROPERTY));
    }

    private static KeySet parse(String content, String property) {
        try {
            return KeyMaterial.parse(content);
        } catch (KeyMaterial.Invalid e) {
            throw new ConfigurationException(property, e.getMessage(), e);
        }
    }

    /**
     * Checks that the keys fit: at startup when they are there (a failure is a
     * {@link ConfigurationException}), else, for a remote JWKS whose first fetch has not succeeded,
     * when they arrive (a failure is logged: the server runs already).
     */
    private static void checkWhenTheyArrive(JwtSettings settings, Set<String> configured, KeySource source) {
        KeySet keys = source.current();
        if (keys != null) {
            check(settings, configured, keys);
        } else if (source instanceof RemoteJwks remote) {
            remote.firstKeys().thenAccept(first -> {
                try {
                    check(settings, configured, first);
                } catch (ConfigurationException e) {
                    LOG.log(Level.WARNING, "The first JWKS keys arrived but do not fit the configuration; tokens they"
                            + " cannot verify are refused: {0}", e.getMessage());
                }
            });
        }
    }

    /** Every configured algorithm must fit some key, and some key must fit a supported algorithm. */
    private static void check(JwtSettings settings, Set<String> configured, KeySet keys) {
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
    }

    /**
     * The algorithms a token may use: those configured, or else every algorithm of the key's kind
     * (HMAC for a secret, asymmetric for public keys).
     */
    private static Set<String> allowed(JwtSettings settings, Set<String> configured) {
        if (!configured.isEmpty()) {
            return configured;
        }
        return settings.secret().isPresent() ? SignatureAlgorithms.HMAC : SignatureAlgorithms.ASYMMETRIC;
    }

    private static String keyProperty(JwtSettings settings) {
        return settings.secret().isPresent() ? SECRET
                : settings.publicKey().isPresent() ? PUBLIC_KEY : KeyLocation.PROPERTY;
    }
}
