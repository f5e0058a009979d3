package dev.gatehouse.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA and the certificates it signs, made at test time with {@code openssl} (EC P-256, two
 * days) in a fresh directory under {@code target/redis-tls}: a server certificate for
 * {@code 127.0.0.1} and {@code localhost}, and a client certificate for mutual TLS, the latter also
 * as a PKCS#12 key store ({@link #P12_PASSWORD}) and as one PEM file holding the certificate and its
 * key.
 */
final class TestCertificates {
    static final String P12_PASSWORD = "p12-secret-4d2";

    final Path dir;
    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    final Path clientP12;
    final Path clientPem;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
        this.clientP12 = dir.resolve("client.p12");
        this.clientPem = dir.resolve("client.pem");
    }

    static TestCertificates create() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "redis-tls")), "certs-")
                    .toAbsolutePath();
            TestCertificates c = new TestCertificates(dir);
            c.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=gatehouse-test-ca");
            c.sign("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
            c.sign("client", "/CN=gatehouse-node", "extendedKeyUsage=clientAuth\n");
            c.openssl("pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-name", "gatehouse",
                    "-out", "client.p12", "-passout", "pass:" + P12_PASSWORD);
            Files.writeString(c.clientPem, Files.readString(dir.resolve("client.crt")) + Files.readString(dir.resolve("client.key")));
            return c;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void sign(String name, String subject, String extensions) throws IOException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", subject);
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    private void openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(RedisServer.executable("openssl", null, "openssl", "")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The arguments that make a redis-server listen for TLS on {@code tlsPort}, client certificates required. */
    List<String> serverArgs(int tlsPort) {
        return List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", serverCert.toString(),
                "--tls-key-file", serverKey.toString(), "--tls-ca-cert-file", caCert.toString(),
                "--tls-auth-clients", "yes");
    }
}
