package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;

import dev.gatehouse.JwtSettings;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestTokens;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mp.jwt.verify.publickey.location} reads PEM or JWKS from a path, a file: URL or the classpath. */
class KeyLocationTest {
    private static final KeyPair RSA = TestKeys.rsa();

    @TempDir
    Path dir;

    @Test
    void pemIsReadFromAPlainPath() throws IOException {
        Path pem = Files.writeString(dir.resolve("key.pem"), TestKeys.pem(RSA.getPublic()));

        assertVerifies(create(pem.toString()));
    }

    @Test
    void jwksIsReadFromAFileUrl() throws IOException {
        Path jwks = Files.writeString(dir.resolve("jwks.json"), TestKeys.jwks(Map.of("k1", RSA.getPublic())));

        assertVerifies(create(jwks.toUri().toString()));
    }

    @Test
    void pemIsReadFromTheContextClassLoader() throws IOException {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/public.pem"), TestKeys.pem(RSA.getPublic()));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);

            assertVerifies(create("classpath:keys/public.pem"));
            assertVerifies(create("classpath:/keys/public.pem"));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void assertVerifies(TokenVerifier verifier) {
        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256").kid("k1").subject("alice").compact()));
    }

    private static TokenVerifier create(String location) {
        return JwtTokenVerifier.create(JwtSettings.builder().publicKeyLocation(location).build(), Clock.systemUTC());
    }
}
