package dev.gatehouse.test.internal;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key that signs test tokens, and the JWS algorithm it signs with: one of those the server
 * accepts ({@code mp.jwt.verify.publickey.algorithm}) that fits the key, or the key's usual one.
 */
public final class SigningKey {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Key key;
    private final String algorithm;

    private SigningKey(Key key, String algorithm) {
        this.key = key;
        this.algorithm = algorithm;
    }

    /**
     * An HMAC secret, as the server reads {@code gatehouse.jwt.secret}: its UTF-8 bytes.
     *
     * @param secret the secret
     * @param accepted the configured algorithms, empty for any
     * @return the key
     */
    public static SigningKey secret(String secret, List<String> accepted) {
        return hmac(secret.getBytes(StandardCharsets.UTF_8), accepted);
    }

    /**
     * A private key: RSA (RS256), EC (ES256/384/512 by its curve) or Ed25519 (EdDSA), or the first
     * configured algorithm of its kind.
     *
     * @param key the private key
     * @param accepted the configured algorithms, empty for any
     * @return the key
     * @throws IllegalArgumentException when the key fits no accepted algorithm
     */
    public static SigningKey of(PrivateKey key, List<String> accepted) {
        Objects.requireNonNull(key, "privateKey");
        String usual = usualAlgorithm(key);
        String family = usual.substring(0, 2);
        String chosen = accepted.isEmpty() || accepted.contains(usual) ? usual
                : accepted.stream().filter(a -> fits(a, family, key)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("A " + key.getAlgorithm()
                                + " key fits none of the accepted algorithms " + accepted));
        return new SigningKey(key, chosen);
    }

    /**
     * A fresh key pair for an asymmetric algorithm.
     *
     * @param algorithm the JWS algorithm, e.g. {@code RS256}, {@code ES256}, {@code EdDSA}
     * @return the pair
     */
    public static KeyPair generate(String algorithm) {
        Object alg = Jwts.SIG.get().forKey(algorithm);
        if (alg instanceof io.jsonwebtoken.security.SignatureAlgorithm signature) {
            return signature.keyPair().build();
        }
        throw new IllegalArgumentException(algorithm + " is not an asymmetric signature algorithm");
    }

    /**
     * {@return a public key in PEM, as {@code mp.jwt.verify.publickey} takes it}
     *
     * @param pair the pair whose public half to write
     */
    public static String publicPem(KeyPair pair) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** {@return the JWS algorithm name} */
    public String algorithm() {
        return algorithm;
    }

    /** {@return another key of the same kind and algorithm, which the server does not trust} */
    public SigningKey other() {
        if (key instanceof SecretKeySpec secret) {
            byte[] bytes = new byte[secret.getEncoded().length];
            RANDOM.nextBytes(bytes);
            return new SigningKey(new SecretKeySpec(bytes, secret.getAlgorithm()), algorithm);
        }
        return new SigningKey(generate(algorithm).getPrivate(), algorithm);
    }

    /**
     * Signs the token.
     *
     * @param jwt the token's claims
     * @return the compact JWS
     */
    @SuppressWarnings("unchecked")
    public String sign(JwtBuilder jwt) {
        return jwt.signWith(key, (SecureDigestAlgorithm<Key, ?>) Jwts.SIG.get().forKey(algorithm)).compact();
    }

    private static SigningKey hmac(byte[] bytes, List<String> accepted) {
        List<String> candidates = accepted.isEmpty() ? List.of("HS256", "HS384", "HS512") : accepted;
        for (String alg : candidates) {
            int bits = alg.startsWith("HS") ? Integer.parseInt(alg.substring(2)) : Integer.MAX_VALUE;
            if (bytes.length * 8 >= bits) {
                return new SigningKey(new SecretKeySpec(bytes, "HmacSHA" + bits), alg);
            }
        }
        throw new IllegalArgumentException("The secret (" + bytes.length * 8 + " bits) fits none of " + candidates);
    }

    private static String usualAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "RS256";
            case "EC" -> switch (((ECKey) key).getParams().getCurve().getField().getFieldSize()) {
                case 256 -> "ES256";
                case 384 -> "ES384";
                default -> "ES512";
            };
            case "Ed25519", "EdDSA" -> "EdDSA";
            default -> throw new IllegalArgumentException("Unsupported key algorithm " + key.getAlgorithm());
        };
    }

    private static boolean fits(String alg, String family, PrivateKey key) {
        return switch (family) {
            case "RS" -> alg.startsWith("RS") || alg.startsWith("PS");
            case "ES" -> alg.equals(usualAlgorithm(key));
            default -> alg.equals("EdDSA");
        };
    }
}
