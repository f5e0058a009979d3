package dev.gatehouse.internal.cluster;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.BoundedPool;
import dev.gatehouse.spi.Backplane;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs this node's cluster messages and checks the other nodes' with HMAC-SHA256 (the JDK's
 * {@link Mac}) keyed by the shared secret {@code gatehouse.cluster.secret}, so that whoever can
 * publish on the backplane but does not hold the secret cannot make a node deliver a frame or close
 * a connection. A second secret, {@code gatehouse.cluster.secret.accepted}, is accepted on what
 * arrives but never signs: the middle of a rolling rotation (README "Signed backplane messages").
 *
 * <p>A node on a real backplane needs the secret, at least {@value #MIN_BYTES} bytes of UTF-8; an
 * {@link InProcessBackplane} (one JVM) or no backplane needs none, and then signs with nothing and
 * accepts everything. Each secret's {@link Mac}s are kept in a {@link BoundedPool} of
 * {@value #POOL}, each initialised once: a sign or a check takes one, and one more is made only when
 * all are in use (handler threads may be virtual, so not one per thread); one beyond the bound is let
 * go and counted ({@code gatehouse.pool.overflows{pool=signer}}). Thread-safe; no lock. The secrets
 * appear in no {@code toString}, log or exception.
 */
final class MessageSigner {
    /** The shortest secret, in bytes: HMAC-SHA256's own size. */
    static final int MIN_BYTES = 32;
    private static final int POOL = 16;
    private static final String ALGORITHM = "HmacSHA256";
    /** What stands for the signature of a node without a secret. */
    private static final String NONE = "-";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    /** Signs with nothing and accepts everything: a node alone, or nodes in one JVM without a secret. */
    static final MessageSigner UNSIGNED = new MessageSigner(null, null);
    private static final Runnable UNCOUNTED = () -> { };

    private final Key signing;
    private final Key accepted;

    private MessageSigner(Key signing, Key accepted) {
        this.signing = signing;
        this.accepted = accepted;
    }

    /**
     * The signer a node with this backplane needs.
     *
     * @param overflows run for each {@link Mac} let go because its pool was full
     * @throws ConfigurationException naming {@code gatehouse.cluster.secret} when a real backplane
     *     runs without it, or a secret is too short
     */
    static MessageSigner of(GatehouseConfig config, Backplane backplane, Runnable overflows) {
        Optional<String> secret = config.clusterSecret();
        Optional<String> accepted = config.clusterSecretAccepted();
        boolean required = backplane != null && !(backplane instanceof InProcessBackplane.Node);
        if (secret.isEmpty()) {
            if (required) {
                throw new ConfigurationException(GatehouseConfig.CLUSTER_SECRET, "is required with the "
                        + backplane.engine() + " backplane: every node signs its messages with it (at least "
                        + MIN_BYTES + " bytes; or " + GatehouseConfig.CLUSTER_SECRET_FILE + ")");
            }
            if (accepted.isPresent()) {
                throw new ConfigurationException(GatehouseConfig.CLUSTER_SECRET_ACCEPTED, "needs "
                        + GatehouseConfig.CLUSTER_SECRET + " as well");
            }
            return UNSIGNED;
        }
        return signing(secret.get(), accepted.orElse(null), overflows);
    }

    /** {@return a signer with this secret, also accepting {@code accepted} (null for none), its pools not counted} */
    static MessageSigner signing(String secret, String accepted) {
        return signing(secret, accepted, UNCOUNTED);
    }

    private static MessageSigner signing(String secret, String accepted, Runnable overflows) {
        return new MessageSigner(new Key(GatehouseConfig.CLUSTER_SECRET, secret, overflows),
                accepted == null ? null : new Key(GatehouseConfig.CLUSTER_SECRET_ACCEPTED, accepted, overflows));
    }

    /** {@return the signature of {@code signed}, for the message's header} */
    String sign(String signed) {
        return signing == null ? NONE : BASE64.encodeToString(signing.mac(signed));
    }

    /** {@return whether {@code signature} is {@code signed}'s under the secret or the accepted one} */
    boolean verify(String signed, String signature) {
        if (signing == null) {
            return true;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(given, signing.mac(signed))
                || accepted != null && MessageDigest.isEqual(given, accepted.mac(signed));
    }

    @Override
    public String toString() {
        return "MessageSigner[" + (signing == null ? "unsigned" : ALGORITHM + (accepted == null ? "" : ", 2 keys")) + "]";
    }

    /** One secret and its pool of initialised {@link Mac}s. */
    private static final class Key {
        private final SecretKeySpec spec;
        private final BoundedPool<Mac> macs;

        Key(String property, String secret, Runnable overflows) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_BYTES) {
                throw new ConfigurationException(property, "must be at least " + MIN_BYTES + " bytes of UTF-8, got "
                        + bytes.length);
            }
            this.spec = new SecretKeySpec(bytes, ALGORITHM);
            // doFinal resets a Mac, and one let go needs no release
            this.macs = new BoundedPool<>(POOL, this::newMac, mac -> { }, mac -> { }, overflows);
            macs.give(newMac()); // fails here, at startup, if the JDK lacks it
        }

        byte[] mac(String text) {
            Mac mac = macs.take();
            try {
                return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            } finally {
                macs.give(mac);
            }
        }

        private Mac newMac() {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(ALGORITHM + " is not available", e);
            }
        }

        @Override
        public String toString() {
            return "Key[" + ALGORITHM + "]";
        }
    }
}
