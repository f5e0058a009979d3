package dev.gatehouse.redis.internal;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code gatehouse.cluster.redis.tls.*} settings of a {@code rediss…://} URI: whom to trust
 * (a PEM file of CA certificates, or a PKCS#12/JKS trust store; the JDK's by default), this node's
 * certificate for mutual TLS (a PKCS#12/JKS key store, or a PEM file holding the certificate chain
 * and an unencrypted PKCS#8 private key), and how much of the server's certificate is checked
 * ({@code full}: chain and host name, the default; {@code ca}: chain only; {@code none}). The
 * files are read once, at startup; a file that cannot be read, or holds the wrong thing, fails there
 * naming its property. Immutable.
 */
final class TlsSettings {
    /** CA certificates (PEM) or a trust store (PKCS#12, JKS). */
    static final String TRUST_STORE = "gatehouse.cluster.redis.tls.trust-store";
    /** The trust store's password, if it has one. */
    static final String TRUST_STORE_PASSWORD = "gatehouse.cluster.redis.tls.trust-store-password";
    /** This node's certificate and key: a key store (PKCS#12, JKS) or PEM. */
    static final String KEY_STORE = "gatehouse.cluster.redis.tls.key-store";
    /** The key store's (and its key's) password. */
    static final String KEY_STORE_PASSWORD = "gatehouse.cluster.redis.tls.key-store-password";
    /** {@code full}, {@code ca} or {@code none}. */
    static final String VERIFY_PEER = "gatehouse.cluster.redis.tls.verify-peer";

    private static final List<String> ALL = List.of(TRUST_STORE, TRUST_STORE_PASSWORD, KEY_STORE, KEY_STORE_PASSWORD,
            VERIFY_PEER);
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    private final SslOptions options;
    private final SslVerifyMode verify;
    private final boolean clientCertificate;

    private TlsSettings(SslOptions options, SslVerifyMode verify, boolean clientCertificate) {
        this.options = options;
        this.verify = verify;
        this.clientCertificate = clientCertificate;
    }

    /**
     * The TLS settings, or null without TLS.
     *
     * @param config the settings
     * @param tls whether the URI asks for TLS
     * @param handshakeTimeout the TLS handshake's time limit
     * @return the settings, null when {@code tls} is false
     * @throws ConfigurationException naming the property at fault, never showing a password
     */
    static TlsSettings from(ConfigSource config, boolean tls, Duration handshakeTimeout) {
        if (!tls) {
            for (String p : ALL) {
                if (value(config, p).isPresent()) {
                    throw new ConfigurationException(p, "TLS settings need a TLS URI (rediss://, rediss-sentinel://"
                            + " or rediss-cluster://) in " + RedisSettings.URI);
                }
            }
            return null;
        }
        SslOptions.Builder b = SslOptions.builder().jdkSslProvider().handshakeTimeout(handshakeTimeout);
        Optional<String> trust = value(config, TRUST_STORE);
        if (trust.isPresent()) {
            char[] password = config.get(TRUST_STORE_PASSWORD).filter(s -> !s.isEmpty()).map(String::toCharArray).orElse(null);
            b.trustManager(trustManagers(trust.get(), password));
        } else if (value(config, TRUST_STORE_PASSWORD).isPresent()) {
            throw new ConfigurationException(TRUST_STORE_PASSWORD, "is for " + TRUST_STORE + ", which is not set");
        }
        Optional<String> key = value(config, KEY_STORE);
        if (key.isPresent()) {
            char[] password = config.get(KEY_STORE_PASSWORD).filter(s -> !s.isEmpty()).map(String::toCharArray).orElse(null);
            b.keyManager(keyManagers(key.get(), password));
        } else if (value(config, KEY_STORE_PASSWORD).isPresent()) {
            throw new ConfigurationException(KEY_STORE_PASSWORD, "is for " + KEY_STORE + ", which is not set");
        }
        String mode = value(config, VERIFY_PEER).orElse("full").toLowerCase(Locale.ROOT);
        SslVerifyMode verify = switch (mode) {
            case "full" -> SslVerifyMode.FULL;
            case "ca" -> SslVerifyMode.CA;
            case "none" -> SslVerifyMode.NONE;
            default -> throw new ConfigurationException(VERIFY_PEER, "expected full (the certificate's chain and host"
                    + " name), ca (its chain only) or none, got '" + mode + "'");
        };
        return new TlsSettings(b.build(), verify, key.isPresent());
    }

    private static Optional<String> value(ConfigSource config, String property) {
        return config.get(property).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static TrustManagerFactory trustManagers(String file, char[] password) {
        byte[] bytes = read(file, TRUST_STORE);
        try {
            KeyStore store;
            if (isPem(bytes)) {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<Certificate> certificates = certificates(bytes, TRUST_STORE);
                if (certificates.isEmpty()) {
                    throw new ConfigurationException(TRUST_STORE, file + " holds no PEM certificate");
                }
                for (int i = 0; i < certificates.size(); i++) {
                    store.setCertificateEntry("ca-" + i, certificates.get(i));
                }
            } else {
                store = keyStore(file, password, TRUST_STORE, TRUST_STORE_PASSWORD);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            return f;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException(TRUST_STORE, "cannot use " + file + " (" + e.getMessage() + ")");
        }
    }

    private static KeyManagerFactory keyManagers(String file, char[] password) {
        byte[] bytes = read(file, KEY_STORE);
        char[] keyPassword = password != null ? password : new char[0];
        try {
            KeyStore store;
            if (isPem(bytes)) {
                store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<Certificate> chain = certificates(bytes, KEY_STORE);
                PrivateKey key = privateKey(bytes, file);
                if (chain.isEmpty()) {
                    throw new ConfigurationException(KEY_STORE, file + " holds a private key but no PEM certificate");
                }
                store.setKeyEntry("gatehouse", key, keyPassword, chain.toArray(Certificate[]::new));
            } else {
                store = keyStore(file, password, KEY_STORE, KEY_STORE_PASSWORD);
                if (Collections.list(store.aliases()).stream().noneMatch(a -> isKey(store, a))) {
                    throw new ConfigurationException(KEY_STORE, file + " holds no private key");
                }
            }
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, keyPassword);
            return f;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException(KEY_STORE, "cannot use " + file + " (" + e.getMessage()
                    + "); a key store's key needs the store's password, " + KEY_STORE_PASSWORD);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A PKCS#12 or JKS file (the JDK tells which); a wrong password names the password's property. */
    private static KeyStore keyStore(String file, char[] password, String property, String passwordProperty)
            throws GeneralSecurityException {
        try {
            return KeyStore.getInstance(Path.of(file).toFile(), password);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password");
            throw new ConfigurationException(wrongPassword ? passwordProperty : property, "cannot open " + file
                    + " as a PKCS#12 or JKS key store" + (wrongPassword ? ": wrong password" : " (" + e.getMessage() + ")"));
        }
    }

    private static byte[] read(String file, String property) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw new ConfigurationException(property, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean isPem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }

    private static List<Certificate> certificates(byte[] pem, String property) throws GeneralSecurityException {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>();
        Matcher m = PEM.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                out.add(x509.generateCertificate(new ByteArrayInputStream(m.group(0).getBytes(StandardCharsets.US_ASCII))));
            }
        }
        return out;
    }

    private static PrivateKey privateKey(byte[] pem, String file) {
        Matcher m = PEM.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException other) {
                        // the next algorithm
                    }
                }
                throw new ConfigurationException(KEY_STORE, file + " holds a private key of an unknown algorithm");
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw new ConfigurationException(KEY_STORE, file + " holds a " + type + "; expected an unencrypted"
                        + " PKCS#8 'PRIVATE KEY' (openssl pkcs8 -topk8 -nocrypt converts one)");
            }
        }
        throw new ConfigurationException(KEY_STORE, file + " holds certificates but no PEM 'PRIVATE KEY'");
    }

    /** Lettuce's TLS options: the trust and key material, the handshake's time limit. */
    SslOptions options() {
        return options;
    }

    /** How much of the server's certificate is checked. */
    SslVerifyMode verify() {
        return verify;
    }

    /** Whether this node presents a certificate of its own. */
    boolean clientCertificate() {
        return clientCertificate;
    }
}
