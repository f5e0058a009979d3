package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.JwtSettings;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwe;
import io.jsonwebtoken.Jwt;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.security.SecurityException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens compact JWE tokens with the key of {@code mp.jwt.decrypt.key.location}, following
 * MicroProfile JWT 2.1's rules for what a JWE must hold. With a verification key configured as well,
 * only signed-then-encrypted tokens are accepted: the JWE's {@code cty} header is {@code JWT} and its
 * content is a JWS that {@link SignedTokens} verifies. With only a decryption key, only JWEs whose
 * content is the JSON claims themselves are accepted. A bare JWS is refused either way.
 * Decryption is jjwt's; a refused token surfaces as a jjwt exception or {@link Refused}.
 * Thread-safe.
 */
final class EncryptedTokens {
    static final String PROPERTY = "mp.jwt.decrypt.key.location";
    static final String ALGORITHM_PROPERTY = "mp.jwt.decrypt.key.algorithm";
    private static final System.Logger LOG = System.getLogger("dev.gatehouse.handshake");

    private final JwtParser parser;
    /** Verifies the JWS nested in a JWE; null when only a decryption key is configured. */
    private final SignedTokens signed;

    private EncryptedTokens(JwtParser parser, SignedTokens signed) {
        this.parser = parser;
        this.signed = signed;
    }

    /**
     * Loads the decryption key.
     *
     * @param signed the verifier of nested tokens, or null to accept encrypted-only claims
     * @param macOverflows run for each initialised HMAC Mac let go at its pool's bound ({@link PooledMacAlgorithm})
     * @throws ConfigurationException naming {@value #PROPERTY} or {@value #ALGORITHM_PROPERTY}
     */
    static EncryptedTokens create(JwtSettings settings, Clock clock, SignedTokens signed, Runnable macOverflows) {
        String location = settings.decryptKeyLocation().orElseThrow();
        if (KeyLocation.isRemote(location)) {
            throw new ConfigurationException(PROPERTY, "a private key is not fetched over http(s);"
                    + " give a file path, file: URL or class path resource");
        }
        DecryptionKeys keys = parse(KeyLocation.read(location, PROPERTY));
        Set<String> allowed = allowed(settings.decryptAlgorithms(), keys);
        JwtParser parser = JwtTokenVerifier.parserBuilder(clock, settings, macOverflows)
                .keyLocator(new DecryptionKeyLocator(keys, allowed)).build();
        if (signed == null) {
            LOG.log(Level.WARNING, "Only " + PROPERTY + " is set: encrypted tokens are accepted without a signature,"
                    + " so anyone holding the encryption public key can mint one. Set a verification key as well"
                    + " to accept only signed-then-encrypted tokens.");
        }
        return new EncryptedTokens(parser, signed);
    }

    /** The verified claims of a compact JWE; throws what jjwt, a key locator or these rules throw. */
    Claims claims(String compactJwe) {
        Jwt<?, ?> jwt = decrypt(compactJwe);
        if (!(jwt instanceof Jwe<?> jwe)) {
            throw new Refused("token must be encrypted");
        }
        Object payload = jwe.getPayload();
        if (payload instanceof Claims claims) {
            if (signed != null) {
                throw new Refused("encrypted token must contain a signed JWT");
            }
            return claims;
        }
        if (signed == null) {
            throw new Refused("encrypted token must contain JSON claims");
        }
        if (!declaresNestedJwt(jwe.getHeader().getContentType())) {
            throw new Refused("encrypted token must declare its nested JWT with the cty header JWT");
        }
        return signed.claims(new String((byte[]) payload, StandardCharsets.UTF_8));
    }

    /** Whether {@code cty} is {@code JWT} (jjwt reads the compact form as {@code application/JWT}). */
    private static boolean declaresNestedJwt(String contentType) {
        return "JWT".equalsIgnoreCase(contentType) || "application/jwt".equalsIgnoreCase(contentType);
    }

    /** The outer token; a failure of the decryption itself (wrong key, altered ciphertext) is one refusal. */
    private Jwt<?, ?> decrypt(String compactJwe) {
        try {
            return parser.parse(compactJwe);
        } catch (SecurityException e) {
            throw new Refused("token could not be decrypted");
        }
    }

    private static DecryptionKeys parse(String content) {
        try {
            return DecryptionKeys.parse(content);
        } catch (KeyMaterial.Invalid e) {
            throw new ConfigurationException(PROPERTY, e.getMessage());
        }
    }

    /** The configured key management algorithms, each of which must fit some key; else both that MP JWT requires. */
    private static Set<String> allowed(List<String> configured, DecryptionKeys keys) {
        Set<String> usable = keys.algorithms();
        for (String alg : configured) {
            if (!usable.contains(alg)) {
                throw new ConfigurationException(ALGORITHM_PROPERTY,
                        alg + " does not fit the configured decryption key, which fits " + new TreeSet<>(usable));
            }
        }
        return configured.isEmpty() ? Set.copyOf(DecryptionKeys.ALGORITHMS) : Set.copyOf(configured);
    }
}
