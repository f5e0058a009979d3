package dev.gatehouse.internal.handshake.jwt.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.handshake.jwt.CachingTokenVerifier;
import dev.gatehouse.internal.handshake.jwt.JwtTokenVerifier;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;

/**
 * Runs Gatehouse's verifier the way a server builds it (properties → {@link GatehouseConfig#from} →
 * {@link JwtTokenVerifier} behind the {@link CachingTokenVerifier}) on the MicroProfile JWT 2.1
 * TCK's configuration files, keys and tokens, straight from the TCK jars on the test class path.
 */
final class Tck {
    /** {@code TCKConstants.TEST_ISSUER}. */
    static final String ISSUER = "https://server.example.com";
    /** The {@code groups} of the TCK's {@code Token1.json}. */
    static final Set<String> TOKEN1_GROUPS = Set.of("Echoer", "Tester", "group1", "group2");
    /** TokenUtils gives a token {@code exp} = now + 300 s unless told otherwise. */
    private static final Duration TOKEN_UTILS_LIFETIME = Duration.ofSeconds(300);

    private Tck() {
    }

    /** A TCK configuration file, {@code META-INF/microprofile-config-NAME.properties} of the TCK tests jar. */
    static Map<String, String> configFile(String name) {
        String resource = "/META-INF/microprofile-config-" + name + ".properties";
        try (InputStream in = TokenUtils.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("not on the test class path: " + resource);
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> values = new HashMap<>();
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
            return Map.copyOf(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token settings a server reads from these properties. */
    static JwtSettings settings(Map<String, String> properties) {
        return GatehouseConfig.from(ConfigSource.of(properties)).build().jwt();
    }

    /** The verifier a server builds from these properties, on the system clock. */
    static TokenVerifier verifier(Map<String, String> properties) {
        return verifier(properties, Clock.systemUTC());
    }

    /** The verifier a server builds from these properties, on the given clock. */
    static TokenVerifier verifier(Map<String, String> properties, Clock clock) {
        JwtSettings jwt = settings(properties);
        return CachingTokenVerifier.wrap(JwtTokenVerifier.create(jwt, clock), jwt.verifiedCacheSize(), clock);
    }

    /** The exception that stops a server from starting with these properties. */
    static ConfigurationException startupFailure(Map<String, String> properties) {
        return assertThrows(ConfigurationException.class, () -> verifier(properties));
    }

    /**
     * Asserts that a token minted by TokenUtils from {@code Token1.json} was accepted: its {@code sub},
     * its {@code upn} (the principal name the TCK expects), its groups, and TokenUtils' {@code exp}.
     */
    static VerifiedToken assertAcceptedToken1(Verification outcome) {
        VerifiedToken token = assertInstanceOf(Verification.Accepted.class, outcome,
                () -> "expected acceptance, got " + outcome).token();
        assertEquals("24400320", token.subject());
        assertEquals("jdoe@example.com", token.claims().get("upn"));
        assertEquals(TOKEN1_GROUPS, token.groups());
        Instant expected = Instant.now().plus(TOKEN_UTILS_LIFETIME);
        assertTrue(Duration.between(token.expiresAt(), expected).abs().getSeconds() <= 5,
                () -> "exp " + token.expiresAt() + " is not TokenUtils' now + 300 s");
        return token;
    }

    /** Asserts a rejection with this code whose client-facing message holds no part of the token. */
    static String assertRejected(ErrorCode code, Verification outcome, String token) {
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class, outcome,
                () -> "expected rejection, got " + outcome);
        assertEquals(code, rejected.code(), rejected::message);
        for (String part : token.split("\\.")) {
            assertFalse(part.length() > 8 && rejected.message().contains(part), "message repeats part of the token");
        }
        return rejected.message();
    }

    /** {@code TokenUtils.readPrivateKey} (PEM on the class path). */
    static PrivateKey privateKey(String resource) {
        return call(() -> TokenUtils.readPrivateKey(resource));
    }

    /** {@code TokenUtils.readPublicKey} (PEM on the class path). */
    static PublicKey publicKey(String resource) {
        return call(() -> TokenUtils.readPublicKey(resource));
    }

    /** A resource of the TCK jars as text. */
    static String resource(String name) {
        return call(() -> TokenUtils.readResource(name));
    }

    /** Runs a TokenUtils call, whose methods all declare {@code throws Exception}. */
    static <T> T call(Callable<T> tokenUtils) {
        try {
            return tokenUtils.call();
        } catch (Exception e) {
            throw new IllegalStateException("TokenUtils failed", e);
        }
    }
}
