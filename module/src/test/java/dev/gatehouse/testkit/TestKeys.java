package dev.gatehouse.testkit;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Keys for tests: fresh key pairs, HMAC secrets, and their PEM and JWKS renderings as Gatehouse
 * reads them from configuration.
 */
public final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private TestKeys() {
    }

    /** A fresh RSA 2048 key pair (RS256 and PS256 through PS512). */
    public static KeyPair rsa() {
        return generate("RSA", 2048);
    }

    /** A fresh EC P-256 key pair (ES256). */
    public static KeyPair ec256() {
        return generateEc("secp256r1");
    }

    /** A fresh EC P-384 key pair (ES384). */
    public static KeyPair ec384() {
        return generateEc("secp384r1");
    }

    /** A fresh Ed25519 key pair (EdDSA). */
    public static KeyPair ed25519() {
        return generate("Ed25519", 0);
    }

    /** A random ASCII secret of {@code length} characters, so {@code 8 * length} bits. */
    public static String secret(int length) {
        StringBuilder secret = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            secret.append(SECRET_ALPHABET.charAt(RANDOM.nextInt(SECRET_ALPHABET.length())));
        }
        return secret.toString();
    }

    /** The key as a PEM {@code PUBLIC KEY} block, base64 in 64-character lines. */
    public static String pem(PublicKey key) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** One key as a JWK with the given {@code kid}. */
    public static String jwk(String kid, PublicKey key) {
        PublicJwk<?> jwk = Jwks.builder().key(key).id(kid).build();
        return Jwks.json(jwk);
    }

    /** A JWKS of the given keys by {@code kid}, in the map's iteration order. */
    public static String jwks(Map<String, ? extends PublicKey> keysByKid) {
        List<String> jwks = new ArrayList<>();
        keysByKid.forEach((kid, key) -> jwks.add(jwk(kid, key)));
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm, e);
        }
    }

    private static KeyPair generateEc(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(curve, e);
        }
    }
}
