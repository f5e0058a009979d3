package dev.gatehouse.internal.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * An unencrypted PKCS#8 private key from a PEM {@code PRIVATE KEY} block, read with the JDK's
 * {@link KeyFactory} (RSA, EC, EdDSA or XDH, whichever takes it): the token decryption keys and the
 * standalone server's TLS key are read here. Failures say what is wrong, never the key's bytes.
 */
public final class PemPrivateKey {
    /** The block's first line. */
    public static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    /** The block's last line. */
    public static final String END = "-----END PRIVATE KEY-----";

    private PemPrivateKey() {
    }

    /**
     * The key of the first {@code PRIVATE KEY} block in the text.
     *
     * @throws IllegalArgumentException when there is no such block, or it does not hold a key
     */
    public static PrivateKey parse(String text) {
        int begin = text.indexOf(BEGIN);
        if (begin < 0) {
            throw new IllegalArgumentException("no PEM '" + BEGIN + "' block");
        }
        int start = begin + BEGIN.length();
        int end = text.indexOf(END, start);
        if (end < 0) {
            throw new IllegalArgumentException("PEM block has no '" + END + "' line");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(start, end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM block is not valid base64");
        }
        for (String algorithm : List.of("RSA", "EC", "EdDSA", "XDH")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not a key of this type; try the next one
            }
        }
        throw new IllegalArgumentException("PEM block is not a PKCS#8 private key");
    }
}
