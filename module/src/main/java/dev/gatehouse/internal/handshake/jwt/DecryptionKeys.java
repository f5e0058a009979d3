package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.internal.keys.PemPrivateKey;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The private keys that decrypt JWE tokens ({@code mp.jwt.decrypt.key.location}): parsed from a PEM
 * {@code PRIVATE KEY} block (PKCS#8), a JWK or a JWKS (plain or base64url-encoded), and looked up by
 * {@code kid} like verification keys. Only RSA keys of at least 2048 bits (RFC 7518 §4.3), for
 * RSA-OAEP and RSA-OAEP-256. Immutable; messages never repeat the material.
 */
final class DecryptionKeys {
    /** The key management algorithms Gatehouse decrypts, in the order messages list them. */
    static final List<String> ALGORITHMS = List.of("RSA-OAEP", "RSA-OAEP-256");
    private static final int MIN_RSA_BITS = 2048;
    private static final String PEM_BEGIN = PemPrivateKey.BEGIN;

    private final List<DecryptionKey> keys;
    private final Map<String, DecryptionKey> byId;

    private DecryptionKeys(List<DecryptionKey> keys) {
        this.keys = List.copyOf(keys);
        Map<String, DecryptionKey> ids = new HashMap<>();
        keys.stream().filter(key -> key.id() != null).forEach(key -> ids.putIfAbsent(key.id(), key));
        this.byId = Map.copyOf(ids);
    }

    /**
     * One decryption key.
     *
     * @param id the JWK {@code kid}, or null (a PEM key, or a JWK without one)
     * @param key the RSA private key
     * @param algorithms the key management algorithms it may decrypt (narrowed by a JWK's {@code alg})
     */
    record DecryptionKey(String id, RSAPrivateKey key, Set<String> algorithms) {
        DecryptionKey {
            algorithms = Set.copyOf(algorithms);
        }
    }

    /**
     * Parses PEM or JWK(S) content.
     *
     * @throws KeyMaterial.Invalid when it is neither, or holds no usable RSA private key
     */
    static DecryptionKeys parse(String content) throws KeyMaterial.Invalid {
        String text = content.strip();
        if (text.startsWith("{")) {
            return jwks(text);
        }
        if (text.contains(PEM_BEGIN)) {
            return new DecryptionKeys(List.of(new DecryptionKey(null, rsa(pem(text)), Set.copyOf(ALGORITHMS))));
        }
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw invalid("PKCS#1 'RSA PRIVATE KEY' blocks are not read; convert the key to PKCS#8"
                    + " ('openssl pkcs8 -topk8 -nocrypt')");
        }
        if (text.contains("-----BEGIN")) {
            throw invalid("expected an unencrypted private key: a PEM '" + PEM_BEGIN + "' block (PKCS#8), a JWK or a JWKS");
        }
        String decoded = KeyMaterial.base64Json(text);
        if (decoded != null) {
            return jwks(decoded);
        }
        throw invalid("expected a PEM '" + PEM_BEGIN + "' block (PKCS#8), a JWK or a JWKS (plain or base64url-encoded)");
    }

    /**
     * The key for a JWE's {@code kid}, or null: as for verification keys, a set of one key serves a
     * token without {@code kid}, and a key without an id serves any {@code kid}.
     */
    DecryptionKey select(String kid) {
        if (keys.size() == 1) {
            DecryptionKey only = keys.get(0);
            return kid == null || only.id() == null || only.id().equals(kid) ? only : null;
        }
        return kid == null ? null : byId.get(kid);
    }

    /** Every key management algorithm some key of this set may decrypt. */
    Set<String> algorithms() {
        Set<String> all = new HashSet<>();
        keys.forEach(key -> all.addAll(key.algorithms()));
        return all;
    }

    private static PrivateKey pem(String text) throws KeyMaterial.Invalid {
        try {
            return PemPrivateKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static DecryptionKeys jwks(String json) throws KeyMaterial.Invalid {
        Collection<Jwk<?>> jwks;
        try {
            jwks = json.contains("\"keys\"")
                    ? Jwks.setParser().build().parse(json).getKeys()
                    : Set.of(Jwks.parser().build().parse(json));
        } catch (RuntimeException e) {
            // jjwt's message may quote parameters of a private key: say only what kind of failure it was
            throw invalid("not a valid JWK or JWKS (" + e.getClass().getSimpleName() + ")");
        }
        List<DecryptionKey> keys = new ArrayList<>();
        for (Jwk<?> jwk : jwks) {
            if (jwk instanceof PrivateJwk<?, ?, ?> key && !"sig".equals(key.getPublicKeyUse())) {
                keys.add(new DecryptionKey(jwk.getId(), rsa(key.toKey()), algorithms(jwk)));
            }
        }
        if (keys.isEmpty()) {
            throw invalid("the JWK(S) holds no private decryption key");
        }
        return new DecryptionKeys(keys);
    }

    private static Set<String> algorithms(Jwk<?> jwk) throws KeyMaterial.Invalid {
        String declared = jwk.getAlgorithm();
        if (declared == null) {
            return Set.copyOf(ALGORITHMS);
        }
        if (!ALGORITHMS.contains(declared)) {
            throw invalid("a JWK declares alg '" + declared + "'; supported: " + String.join(", ", ALGORITHMS));
        }
        return Set.of(declared);
    }

    private static RSAPrivateKey rsa(Object key) throws KeyMaterial.Invalid {
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw invalid("only RSA private keys decrypt (RSA-OAEP, RSA-OAEP-256)");
        }
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw invalid("RSA keys need at least " + MIN_RSA_BITS + " bits (RFC 7518 section 4.3), this one has "
                    + rsa.getModulus().bitLength());
        }
        return rsa;
    }

    private static KeyMaterial.Invalid invalid(String message) {
        return new KeyMaterial.Invalid(message, null);
    }
}
