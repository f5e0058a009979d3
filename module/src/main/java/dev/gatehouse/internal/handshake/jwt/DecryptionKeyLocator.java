package dev.gatehouse.internal.handshake.jwt;

import io.jsonwebtoken.Header;
import io.jsonwebtoken.JweHeader;
import io.jsonwebtoken.Locator;
import java.security.Key;
import java.util.Set;

/**
 * Picks the private key that decrypts a JWE from its header: only JWEs are accepted (a signed token
 * is refused when a decryption key is configured, as MicroProfile JWT requires), the key management
 * algorithm must be allowed, and the key is selected by {@code kid}. Refusals are thrown as
 * {@link Refused}, whose message is client-safe: it only names algorithms Gatehouse knows.
 */
final class DecryptionKeyLocator implements Locator<Key> {
    private final DecryptionKeys keys;
    private final Set<String> allowed;

    /**
     * Creates the locator.
     *
     * @param keys the configured decryption keys
     * @param allowed the key management algorithms a token may use at all; each key narrows them further
     */
    DecryptionKeyLocator(DecryptionKeys keys, Set<String> allowed) {
        this.keys = keys;
        this.allowed = Set.copyOf(allowed);
    }

    @Override
    public Key locate(Header header) {
        if (!(header instanceof JweHeader jwe)) {
            throw new Refused("token must be encrypted");
        }
        String alg = jwe.getAlgorithm();
        if (alg == null || !allowed.contains(alg)) {
            throw new Refused(DecryptionKeys.ALGORITHMS.contains(alg) || "RSA1_5".equals(alg)
                    ? "key algorithm " + alg + " is not allowed" : "unsupported key algorithm");
        }
        String kid = jwe.getKeyId();
        DecryptionKeys.DecryptionKey key = keys.select(kid);
        if (key == null) {
            throw new Refused(kid == null ? "token has no kid and several decryption keys are configured" : "unknown kid");
        }
        if (!key.algorithms().contains(alg)) {
            throw new Refused("key algorithm " + alg + " does not fit the key");
        }
        return key.key();
    }
}
