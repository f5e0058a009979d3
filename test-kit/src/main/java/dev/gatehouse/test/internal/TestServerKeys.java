package dev.gatehouse.test.internal;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.test.TestTokens;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key a test server verifies with and its tests sign with: the configured HMAC secret, the
 * private key the test gave for the configured public key, or else one made for the run (a random
 * secret when none is configured; a key pair of the configured algorithm whose public half replaces
 * the configured public key).
 *
 * @param source the server's configuration, with the run's key where one was made
 * @param privateKey the private key to sign with, empty for an HMAC secret
 */
public record TestServerKeys(ConfigSource source, Optional<PrivateKey> privateKey) {
    static final String SECRET = "gatehouse.jwt.secret";
    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String ALGORITHMS = "mp.jwt.verify.publickey.algorithm";

    /**
     * Chooses the key.
     *
     * @param source the configuration the test gave
     * @param given the private key the test gave, if any
     * @return the keys
     */
    public static TestServerKeys choose(ConfigSource source, Optional<PrivateKey> given) {
        boolean publicKey = source.get(PUBLIC_KEY).isPresent() || source.get(PUBLIC_KEY_LOCATION).isPresent();
        if (given.isPresent() || (!publicKey && source.get(SECRET).isPresent())) {
            return new TestServerKeys(source, given);
        }
        if (!publicKey) {
            return new TestServerKeys(override(source, Map.of(SECRET, randomSecret())), Optional.empty());
        }
        KeyPair pair = SigningKey.generate(asymmetricAlgorithm(source));
        ConfigSource generated = override(source, Map.of(PUBLIC_KEY, SigningKey.publicPem(pair)));
        ConfigSource withoutLocation = name -> name.equals(PUBLIC_KEY_LOCATION) ? Optional.empty() : generated.get(name);
        return new TestServerKeys(withoutLocation, Optional.of(pair.getPrivate()));
    }

    /**
     * {@return the tokens for a server built from {@link #source()}}
     *
     * @param config that server's configuration
     */
    public TestTokens tokens(GatehouseConfig config) {
        return privateKey.map(key -> TestTokens.forServer(config, key)).orElseGet(() -> TestTokens.forServer(config));
    }

    private static String asymmetricAlgorithm(ConfigSource source) {
        List<String> configured = source.get(ALGORITHMS).map(v -> List.of(v.split("\\s*,\\s*"))).orElse(List.of());
        return configured.stream().filter(a -> !a.startsWith("HS") && !a.isBlank()).findFirst().orElse("RS256");
    }

    private static ConfigSource override(ConfigSource source, Map<String, String> values) {
        return ConfigSource.of(values).withFallback(source);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
