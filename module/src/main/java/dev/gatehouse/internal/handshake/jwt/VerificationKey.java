package dev.gatehouse.internal.handshake.jwt;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * One configured key, with the algorithms it may verify and the JCA key to use for each.
 *
 * @param id the key id ({@code kid}), or null when the key has none (a PEM key or a secret)
 * @param byAlgorithm the key to use per allowed JWS algorithm; an algorithm not in it is refused
 * @param bouncyCastle the same keys as Bouncy Castle key objects, for the algorithms it verifies
 *     (see {@link BouncyCastle}); empty without it
 */
record VerificationKey(String id, Map<String, Key> byAlgorithm, Map<String, Key> bouncyCastle) {

    VerificationKey {
        byAlgorithm = Map.copyOf(byAlgorithm);
        bouncyCastle = Map.copyOf(bouncyCastle);
    }

    /**
     * A public key; when the key declares an algorithm (a JWK's {@code alg}), only that one.
     *
     * @param declaredAlgorithm the JWK {@code alg}, or null
     */
    static VerificationKey publicKey(String id, PublicKey key, String declaredAlgorithm) {
        Map<String, Key> byAlgorithm = new HashMap<>();
        Map<String, Key> bouncyCastle = new HashMap<>();
        for (String alg : SignatureAlgorithms.fitting(key)) {
            if (declaredAlgorithm == null || declaredAlgorithm.equals(alg)) {
                byAlgorithm.put(alg, key);
                Key converted = BouncyCastle.convert(alg, key);
                if (converted != null) {
                    bouncyCastle.put(alg, converted);
                }
            }
        }
        return new VerificationKey(id, byAlgorithm, bouncyCastle);
    }

    /** An HMAC secret, its UTF-8 bytes used as the key, for each HS algorithm its length permits. */
    static VerificationKey secret(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Map<String, Key> byAlgorithm = new HashMap<>();
        for (String alg : SignatureAlgorithms.fittingSecret(bytes.length)) {
            byAlgorithm.put(alg, new SecretKeySpec(bytes, SignatureAlgorithms.hmacJcaName(alg)));
        }
        return new VerificationKey(null, byAlgorithm, Map.of());
    }

    /** The key for this algorithm, or null when this key may not verify it. */
    Key forAlgorithm(String alg) {
        return alg == null ? null : byAlgorithm.get(alg);
    }

    /** The Bouncy Castle key object for this algorithm, else the JDK key, else null. */
    Key forBouncyCastle(String alg) {
        Key key = alg == null ? null : bouncyCastle.get(alg);
        return key != null ? key : forAlgorithm(alg);
    }

    /** The algorithms this key may verify. */
    Set<String> algorithms() {
        return byAlgorithm.keySet();
    }
}
