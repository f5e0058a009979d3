package dev.gatehouse.internal.handshake.jwt;

import static dev.gatehouse.internal.handshake.jwt.Outcomes.assertAccepted;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.spi.TokenVerifier;
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

/**
 * {@code mp.jwt.verify.publickey.location} reads PEM or JWKS from a path, a file: URL or the classpath;
 * a location without a scheme is a file first, then a class path resource (MicroProfile JWT's order).
 */
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

    @Test
    void locationWithoutSchemeIsAFileWhenOneExistsElseAClassPathResource() throws IOException {
        // the same name as a file (RSA) and, under the class path root cp/, as a resource (OTHER)
        KeyPair other = TestKeys.rsa();
        Path file = Files.writeString(dir.resolve("key.pem"), TestKeys.pem(RSA.getPublic()));
        Path shadow = dir.resolve("cp").resolve(file.toString().substring(1));
        Files.createDirectories(shadow.getParent());
        Files.writeString(shadow, TestKeys.pem(other.getPublic()));
        Files.writeString(dir.resolve("cp/only-on-class-path.pem"), TestKeys.pem(other.getPublic()));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);

            assertVerifies(create(file.toString()));
            String otherToken = TestTokens.signedWith(other.getPrivate(), "RS256").subject("alice").compact();
            assertAccepted(create("/only-on-class-path.pem").verify(otherToken));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void assertVerifies(TokenVerifier verifier) {
        assertAccepted(verifier.verify(TestTokens.signedWith(RSA.getPrivate(), "RS256").kid("k1").subject("alice").compact()));
    }

    private static TokenVerifier create(String location) {
        return JwtTokenVerifier.create(GatehouseConfig.builder().publicKeyLocation(location).build().jwt(), Clock.systemUTC());
    }
}
