package dev.gatehouse.bench.quarkus;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** The benchmark's key settings in the forms SmallRye JWT takes. No cryptography: encoding and the JDK's key parsing. */
final class Keys {
    private Keys() {
    }

    /** A JWK of type {@code oct} holding the secret's UTF-8 bytes: SmallRye takes symmetric keys only as JWK. */
    static String octetJwk(String secret) {
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        return "{\"kty\":\"oct\",\"k\":\"" + k + "\"}";
    }

    /**
     * The one signature algorithm that fits a PEM public key: RS256 for RSA, ES256, ES384 or ES512 by the EC
     * curve, EdDSA for Ed25519 (spelt {@code EDDSA}: Quarkus converts the setting to SmallRye's enum by
     * constant name, and refuses the JWS name {@code EdDSA}).
     */
    static String algorithmFitting(String pem) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")));
        for (String type : List.of("RSA", "EC", "EdDSA")) {
            PublicKey key;
            try {
                key = KeyFactory.getInstance(type).generatePublic(spec);
            } catch (InvalidKeySpecException notOfThisType) {
                continue;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            if (key instanceof ECPublicKey ec) {
                return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                    case 256 -> "ES256";
                    case 384 -> "ES384";
                    case 521 -> "ES512";
                    default -> throw new IllegalStateException("mp.jwt.verify.publickey: an EC curve no JWS algorithm uses");
                };
            }
            return type.equals("RSA") ? "RS256" : "EDDSA";
        }
        throw new IllegalStateException("mp.jwt.verify.publickey: no RSA, EC or Ed25519 public key in PEM");
    }
}
