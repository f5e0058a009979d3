package dev.gatehouse.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and the certificates it signs, made at test time with {@code openssl} (EC P-256, two
 * days) in a fresh directory under {@code target/<purpose>}: a server certificate for
 * {@code 127.0.0.1} and {@code localhost} (PEM, and as a PKCS#12 key store with
 * {@link #P12_PASSWORD}), and a client certificate for mutual TLS (PEM, PKCS#12, and one PEM file
 * holding the certificate and its key). {@link #issueServer} signs further server certificates, each
 * with its own key and serial, as a rotation would.
 */
public final class TestCertificates {
    /** The password of every PKCS#12 key store made here. */
    public static final String P12_PASSWORD = "p12-secret-4d2";

    public final Path dir;
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path serverP12;
    public final Path clientCert;
    public final Path clientKey;
    public final Path clientP12;
    public final Path clientPem;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
        this.serverP12 = dir.resolve("server.p12");
        this.clientCert = dir.resolve("client.crt");
        this.clientKey = dir.resolve("client.key");
        this.clientP12 = dir.resolve("client.p12");
        this.clientPem = dir.resolve("client.pem");
    }

    /**
     * A new CA with its server and client certificates.
     *
     * @param purpose the folder under {@code target} the directory is made in, for example {@code redis-tls}
     */
    public static TestCertificates create(String purpose) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", purpose)), "certs-")
                    .toAbsolutePath();
            TestCertificates c = new TestCertificates(dir);
            c.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=gatehouse-test-ca");
            c.issueServer("server");
            c.sign("client", "/CN=gatehouse-node", "extendedKeyUsage=clientAuth\n");
            c.p12("server");
            c.p12("client");
            Files.writeString(c.clientPem, Files.readString(c.clientCert) + Files.readString(c.clientKey));
            return c;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Signs a server certificate for {@code 127.0.0.1} and {@code localhost} with a new key, as
     * {@code <name>.crt} and {@code <name>.key} (PKCS#8) in {@link #dir}.
     *
     * @return the certificate's file
     */
    public Path issueServer(String name) throws IOException {
        sign(name, "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        return dir.resolve(name + ".crt");
    }

    /** Makes {@code <name>.p12} from {@code <name>.crt} and {@code <name>.key}, with {@link #P12_PASSWORD}. */
    public Path p12(String name) throws IOException {
        openssl("pkcs12", "-export", "-in", name + ".crt", "-inkey", name + ".key", "-name", "gatehouse",
                "-out", name + ".p12", "-passout", "pass:" + P12_PASSWORD);
        return dir.resolve(name + ".p12");
    }

    private void sign(String name, String subject, String extensions) throws IOException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", subject);
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    /**
     * A client's TLS context trusting this CA only (not the JDK's CAs), and presenting the client
     * certificate when {@code withClientCertificate}.
     */
    public SSLContext clientContext(boolean withClientCertificate) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(caCert)) {
                trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(trusted);
            KeyManagerFactory keys = null;
            if (withClientCertificate) {
                KeyStore client = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(clientP12)) {
                    client.load(in, P12_PASSWORD.toCharArray());
                }
                keys = KeyManagerFactory.getInstance("PKIX");
                keys.init(client, P12_PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The serial number of the certificate a TLS server at 127.0.0.1:{@code port} presents to a new handshake. */
    public BigInteger servedSerial(int port) {
        try (SSLSocket socket = (SSLSocket) clientContext(false).getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The serial number of a PEM certificate file. */
    public static BigInteger serial(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code openssl} in {@link #dir}; fails the test with its output when it fails. */
    public String openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(executable()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return out;
    }

    /** The openssl binary: /usr/bin/openssl or on the PATH. */
    public static String executable() {
        List<String> candidates = new ArrayList<>(List.of("/usr/bin/openssl"));
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(d + "/openssl");
        }
        return candidates.stream().filter(c -> new File(c).canExecute()).findFirst().orElseThrow(() ->
                new AssertionError("No openssl binary: install the Debian package openssl (apt-get install openssl)"));
    }
}
