package dev.gatehouse.internal.handshake.jwt;

import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.Locator;
import java.security.Key;
import java.util.Set;

/**
 * Picks the verification key for a token from its header: enforces the algorithm allow-list,
 * selects the key by {@code kid} (asking the source to refetch for an unknown one, and waiting for
 * that only the source's short bound), and checks that the selected key may verify the header's
 * algorithm. Refusals are thrown as {@link Refused}, whose message is client-safe; no keys at all
 * yet as {@link KeysNotReady}.
 */
final class KeyLocator implements Locator<Key> {
    private final KeySource source;
    private final Set<String> allowed;
    /** Whether this locator serves the parser that verifies with Bouncy Castle. */
    private final boolean bouncyCastle;

    /**
     * Creates the locator.
     *
     * @param source where the keys come from
     * @param allowed the algorithms a token may use at all; each key narrows them further
     * @param bouncyCastle whether to hand out Bouncy Castle key objects (for the Bouncy Castle parser)
     */
    KeyLocator(KeySource source, Set<String> allowed, boolean bouncyCastle) {
        this.source = source;
        this.allowed = Set.copyOf(allowed);
        this.bouncyCastle = bouncyCastle;
    }

    @Override
    public Key locate(Header header) {
        if (!(header instanceof JwsHeader jws)) {
            throw new Refused("not a signed JWT");
        }
        String alg = jws.getAlgorithm();
        if (alg == null || !allowed.contains(alg)) {
            throw new Refused(SignatureAlgorithms.isKnown(alg) ? "algorithm " + alg + " is not allowed"
                    : "unsupported algorithm");
        }
        VerificationKey selected = select(jws.getKeyId());
        Key key = bouncyCastle ? selected.forBouncyCastle(alg) : selected.forAlgorithm(alg);
        if (key == null) {
            throw new Refused("algorithm " + alg + " does not fit the key");
        }
        return key;
    }

    private VerificationKey select(String kid) {
        KeySet keys = source.current();
        if (keys == null) {
            throw new KeysNotReady();
        }
        if (kid == null && keys.needsKid()) {
            throw new Refused("token has no kid and several keys are configured");
        }
        VerificationKey key = keys.select(kid);
        if (key == null) {
            key = source.awaitAfterUnknownKid().select(kid);
        }
        if (key == null) {
            throw new Refused(source.refreshing() ? "unknown kid; the key set is being refreshed, retry shortly"
                    : "unknown kid");
        }
        return key;
    }
}
