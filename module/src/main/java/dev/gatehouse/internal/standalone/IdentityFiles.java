package dev.gatehouse.internal.standalone;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.internal.keys.PemPrivateKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The files the server's certificate and key come from (a PKCS#12 key store and its password, or a
 * PEM chain and PKCS#8 key), read as bytes ({@link #read}) and turned into a key manager
 * ({@link #load}) with the JDK's {@link KeyStore} and {@link KeyManagerFactory}. Every failure is a
 * {@link ConfigurationException} naming the property whose file is at fault, and never holds a
 * password. Immutable.
 */
final class IdentityFiles {
    /** The most a certificate, key or password file may hold; real ones are a few KiB. */
    static final int MAX_FILE_BYTES = 1024 * 1024;
    /** The in-memory key store's password, for the PEM key: the key is in memory either way. */
    private static final char[] IN_MEMORY = "gatehouse".toCharArray();

    private final List<Setting> files;
    private final String password;

    /** One configured file and the property that names it. */
    private record Setting(String property, Path path) {
    }

    private IdentityFiles(List<Setting> files, String password) {
        this.files = files;
        this.password = password;
    }

    /** A PKCS#12 key store with its password given inline, or in a file (the other one null). */
    static IdentityFiles keyStore(Path keyStore, String password, Path passwordFile) {
        List<Setting> files = new ArrayList<>(List.of(new Setting(TlsSettings.KEY_STORE.name(), keyStore)));
        if (passwordFile != null) {
            files.add(new Setting(TlsSettings.KEY_STORE_PASSWORD_FILE.name(), passwordFile));
        }
        return new IdentityFiles(List.copyOf(files), password);
    }

    /** A PEM certificate chain and its PKCS#8 private key. */
    static IdentityFiles pem(Path certificate, Path privateKey) {
        return new IdentityFiles(List.of(new Setting(TlsSettings.CERTIFICATE.name(), certificate),
                new Setting(TlsSettings.PRIVATE_KEY.name(), privateKey)), null);
    }

    /** The files' contents at one moment: equal contents, same certificate. */
    static final class Contents {
        private final byte[][] bytes;

        private Contents(byte[][] bytes) {
            this.bytes = bytes;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Contents c && Arrays.deepEquals(bytes, c.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(bytes);
        }
    }

    /** Reads every file. */
    Contents read() {
        byte[][] bytes = new byte[files.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = readFile(files.get(i).property(), files.get(i).path());
        }
        return new Contents(bytes);
    }

    /** The key manager of these contents; checks that each key matches its certificate. */
    X509ExtendedKeyManager load(Contents contents) {
        KeyStore store;
        char[] secret;
        if (files.get(0).property().equals(TlsSettings.KEY_STORE.name())) {
            secret = (password != null ? password
                    : stripNewline(new String(contents.bytes[1], StandardCharsets.UTF_8))).toCharArray();
            store = openKeyStore(contents.bytes[0], secret);
        } else {
            secret = IN_MEMORY;
            store = pemKeyStore(contents.bytes[0], contents.bytes[1]);
        }
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, secret);
            return (X509ExtendedKeyManager) factory.getKeyManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(files.get(0).property(), "its key cannot be used: " + e.getMessage());
        }
    }

    /** Trust managers accepting what the CAs in a PEM file signed; read once, at start. */
    static TrustManager[] trust(String property, Path caFile) {
        Collection<? extends Certificate> cas = certificates(property, readFile(property, caFile));
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException(property, "its certificates cannot be trusted: " + e.getMessage());
        }
    }

    private KeyStore openKeyStore(byte[] bytes, char[] secret) {
        String property = files.get(0).property();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), secret);
            int keys = 0;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys++;
                    matches(property, (PrivateKey) store.getKey(alias, secret), store.getCertificateChain(alias));
                }
            }
            if (keys == 0) {
                throw new ConfigurationException(property, "holds no private key");
            }
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                String pw = password != null ? TlsSettings.KEY_STORE_PASSWORD.name() : files.get(1).property();
                throw new ConfigurationException(pw, "does not open " + property + " (wrong password)");
            }
            throw new ConfigurationException(property, "is not a PKCS#12 key store: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(property, "cannot be read: " + e.getMessage());
        }
    }

    private KeyStore pemKeyStore(byte[] chainBytes, byte[] keyBytes) {
        String certificate = files.get(0).property();
        String privateKey = files.get(1).property();
        Certificate[] chain = certificates(certificate, chainBytes).toArray(Certificate[]::new);
        PrivateKey key = privateKey(privateKey, new String(keyBytes, StandardCharsets.US_ASCII));
        matches(privateKey, key, chain);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("gatehouse", key, IN_MEMORY, chain);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException(privateKey, "cannot be used: " + e.getMessage());
        }
    }

    private static Collection<? extends Certificate> certificates(String property, byte[] pem) {
        try (InputStream in = new ByteArrayInputStream(pem)) {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (chain.isEmpty()) {
                throw new ConfigurationException(property, "holds no certificate");
            }
            return chain;
        } catch (CertificateException | IOException e) {
            throw new ConfigurationException(property, "is not a PEM certificate chain: " + e.getMessage());
        }
    }

    /** An unencrypted PKCS#8 key, of whichever algorithm the JDK recognises. */
    private static PrivateKey privateKey(String property, String pem) {
        if (!pem.contains(PemPrivateKey.BEGIN)) {
            throw new ConfigurationException(property, "is not an unencrypted PKCS#8 PEM key (" + PemPrivateKey.BEGIN
                    + "); convert it with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key");
        }
        try {
            return PemPrivateKey.parse(pem);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(property, e.getMessage());
        }
    }

    /** Signs with the key and verifies with the certificate's public key: they are a pair, or this throws. */
    private static void matches(String property, PrivateKey key, Certificate[] chain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            throw new ConfigurationException(property, "has a key without an X.509 certificate");
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> throw new ConfigurationException(property, "holds a " + key.getAlgorithm()
                    + " key; EC, RSA and EdDSA are supported");
        };
        byte[] probe = "gatehouse key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: not a pair either
        }
        throw new ConfigurationException(property, "the private key does not match the certificate "
                + leaf.getSubjectX500Principal().getName());
    }

    private static byte[] readFile(String property, Path path) {
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new ConfigurationException(property, "file " + path + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigurationException(property, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String stripNewline(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
