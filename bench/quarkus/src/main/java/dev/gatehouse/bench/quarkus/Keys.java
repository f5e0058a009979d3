package dev.gatehouse.bench.quarkus;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The benchmark's key settings in the forms SmallRye JWT takes. No cryptography: encoding and the JDK's key parsing. */
final class Keys {
    private Keys() {
    }

    /** A JWK of type {@code oct} holding the secret's UTF-8 bytes: SmallRye takes symmetric keys only as JWK. */
    static String octetJwk(String secret) {
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return "{\"kty\":\"oct\",\"k\":\"" + k + "\"}";
    }

    /** The one signature algorithm that fits a PEM public key: RS256 for RSA, ES256, ES384 or ES512 by the EC curve. */
    static String algorithmFitting(String pem) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")));
        try {
            try {
                KeyFactory.getInstance("RSA").generatePublic(spec);
                return "RS256";
            } catch (InvalidKeySpecException notRsa) {
                ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
                return switch (key.getParams().getCurve().getField().getFieldSize()) {
                    case 256 -> "ES256";
                    case 384 -> "ES384";
                    case 521 -> "ES512";
                    default -> throw new IllegalStateException("mp.jwt.verify.publickey: an EC curve no JWS algorithm uses");
                };
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("mp.jwt.verify.publickey: neither an RSA nor an EC public key in PEM", e);
        }
    }
}
