package dev.gatehouse.internal.handshake.jwt;

import dev.gatehouse.ConfigurationException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JWS algorithms Gatehouse verifies, and which of them fit a given key. The rules follow
 * RFC 7518 as jjwt enforces it: RSA keys of at least 2048 bits, EC keys only with the algorithm
 * of their curve, HMAC secrets at least as long as the hash.
 */
final class SignatureAlgorithms {
    static final String PROPERTY = "mp.jwt.verify.publickey.algorithm";

    static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");
    static final Set<String> ASYMMETRIC = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
    /** Every supported algorithm, in the order messages list them. */
    private static final List<String> ALL = List.of("HS256", "HS384", "HS512",
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    private static final Set<String> RSA = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    private static final int MIN_RSA_BITS = 2048;
    private static final Map<BigInteger, String> EC_BY_CURVE_ORDER = Map.of(
            curveOrder("secp256r1"), "ES256",
            curveOrder("secp384r1"), "ES384",
            curveOrder("secp521r1"), "ES512");

    private SignatureAlgorithms() {
    }

    /**
     * The configured algorithm names in their canonical spelling (matched case-insensitively).
     *
     * @throws ConfigurationException naming {@value #PROPERTY} for an unknown name
     */
    static Set<String> canonical(List<String> configured) {
        Set<String> result = new HashSet<>();
        for (String name : configured) {
            result.add(ALL.stream().filter(name::equalsIgnoreCase).findFirst().orElseThrow(() -> new ConfigurationException(
                    PROPERTY, "unknown algorithm '" + name + "'; supported: " + String.join(", ", ALL))));
        }
        return Set.copyOf(result);
    }

    /** Whether {@code name} is an algorithm Gatehouse knows, so it may be named in a message. */
    static boolean isKnown(String name) {
        return name != null && ALL.contains(name);
    }

    /** The algorithms a public key can verify; empty for a key type or size that fits none. */
    static Set<String> fitting(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() >= MIN_RSA_BITS ? RSA : Set.of();
        }
        if (key instanceof ECPublicKey ec) {
            String alg = EC_BY_CURVE_ORDER.get(ec.getParams().getOrder());
            return alg == null ? Set.of() : Set.of(alg);
        }
        if (key instanceof EdECPublicKey) {
            return Set.of("EdDSA");
        }
        return Set.of();
    }

    /** The HMAC algorithms a secret of this many bytes is long enough for. */
    static Set<String> fittingSecret(int bytes) {
        Set<String> result = new HashSet<>();
        for (String alg : HMAC) {
            if (bytes * 8 >= hashBits(alg)) {
                result.add(alg);
            }
        }
        return Set.copyOf(result);
    }

    /** The JCA name of an HMAC algorithm, such as {@code HmacSHA256}. */
    static String hmacJcaName(String alg) {
        return "HmacSHA" + hashBits(alg);
    }

    private static int hashBits(String alg) {
        return Integer.parseInt(alg.substring(alg.length() - 3));
    }

    private static BigInteger curveOrder(String curve) {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(curve));
            return params.getParameterSpec(ECParameterSpec.class).getOrder();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK does not know the EC curve " + curve.toLowerCase(Locale.ROOT), e);
        }
    }
}
