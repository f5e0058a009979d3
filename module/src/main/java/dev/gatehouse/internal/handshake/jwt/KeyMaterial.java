package dev.gatehouse.internal.handshake.jwt;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Parses public key material: a PEM {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo of an
 * RSA, EC or EdDSA key), a JWKS or a single JWK, each JWK(S) also base64url-encoded as MicroProfile
 * JWT allows. Messages never repeat the material.
 */
final class KeyMaterial {
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";
    private static final List<String> KEY_FACTORIES = List.of("RSA", "EC", "EdDSA");

    private KeyMaterial() {
    }

    /**
     * Parses PEM or JWK(S) content into a key set.
     *
     * @throws Invalid when the content is neither, or holds no usable public key
     */
    static KeySet parse(String content) throws Invalid {
        String text = content.strip();
        if (text.startsWith("{")) {
            return jwks(text);
        }
        if (text.contains(PEM_BEGIN)) {
            return new KeySet(List.of(VerificationKey.publicKey(null, pem(text), null)));
        }
        String decoded = base64Json(text);
        if (decoded != null) {
            return jwks(decoded);
        }
        throw new Invalid("expected a PEM '" + PEM_BEGIN + "' block, a JWKS or a JWK (plain or base64url-encoded)", null);
    }

    /**
     * The JSON object that {@code text} encodes in base64url (or, leniently, in base64 with or
     * without padding); null when it is not base64 or does not decode to a JSON object.
     */
    static String base64Json(String text) {
        String compact = text.replaceAll("\\s", "").replace('+', '-').replace('/', '_');
        int end = compact.length();
        while (end > 0 && compact.charAt(end - 1) == '=') {
            end--;
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(compact.substring(0, end)), StandardCharsets.UTF_8).strip();
            return json.startsWith("{") ? json : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static PublicKey pem(String text) throws Invalid {
        int start = text.indexOf(PEM_BEGIN) + PEM_BEGIN.length();
        int end = text.indexOf(PEM_END, start);
        if (end < 0) {
            throw new Invalid("PEM block has no '" + PEM_END + "' line", null);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(start, end));
        } catch (IllegalArgumentException e) {
            throw new Invalid("PEM block is not valid base64", e);
        }
        for (String algorithm : KEY_FACTORIES) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not a key of this type; try the next one
            }
        }
        throw new Invalid("PEM block is not an RSA, EC or EdDSA public key", null);
    }

    private static KeySet jwks(String json) throws Invalid {
        Collection<Jwk<?>> jwks;
        try {
            jwks = json.contains("\"keys\"")
                    ? Jwks.setParser().build().parse(json).getKeys()
                    : Set.of(Jwks.parser().build().parse(json));
        } catch (RuntimeException e) {
            throw new Invalid("not a valid JWKS or JWK: " + firstLine(e.getMessage()), e);
        }
        List<VerificationKey> keys = new ArrayList<>();
        for (Jwk<?> jwk : jwks) {
            if (jwk instanceof PublicJwk<?> pub && !"enc".equals(pub.getPublicKeyUse())) {
                keys.add(VerificationKey.publicKey(jwk.getId(), pub.toKey(), jwk.getAlgorithm()));
            }
        }
        if (keys.isEmpty()) {
            throw new Invalid("the JWKS holds no public signature verification key", null);
        }
        return new KeySet(keys);
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse("");
    }

    /** The content is not usable key material; the message is safe to log and never repeats it. */
    static final class Invalid extends Exception {
        Invalid(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
