package dev.gatehouse.internal.handshake.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.testkit.JwksServer;
import dev.gatehouse.testkit.TestKeys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every misconfiguration fails creation with an exception naming the property, never the secret. */
class ConfigurationErrorsTest {
    private static final String SECRET_PROPERTY = "gatehouse.jwt.secret";
    private static final String PUBLIC_KEY_PROPERTY = "mp.jwt.verify.publickey";
    private static final String LOCATION_PROPERTY = "mp.jwt.verify.publickey.location";
    private static final String ALGORITHM_PROPERTY = "mp.jwt.verify.publickey.algorithm";

    @Test
    void noKeyNamesTheSecretAndBothPublicKeyProperties() {
        ConfigurationException e = failure(GatehouseConfig.builder());

        assertEquals(SECRET_PROPERTY, e.property());
        assertTrue(e.getMessage().contains(PUBLIC_KEY_PROPERTY));
        assertTrue(e.getMessage().contains(LOCATION_PROPERTY));
    }

    @Test
    void secretShorterThan256BitsNamesTheSecretWithoutRevealingIt() {
        String secret = "short-secret-of-31-characters!!";

        ConfigurationException e = failure(GatehouseConfig.builder().hmacSecret(secret));

        assertEquals(SECRET_PROPERTY, e.property());
        assertFalse(e.getMessage().contains(secret));
        assertFalse(e.getMessage().contains("short-secret"));
    }

    @Test
    void unparseablePublicKeyNamesThePublicKeyProperty() {
        String pemBody = "-----BEGIN PUBLIC KEY-----\n";
        for (String bad : List.of("not a key", "{\"keys\": 5}", "{\"kty\":\"RSA\"}", "{not json",
                pemBody + "!!!not base64!!!\n-----END PUBLIC KEY-----", pemBody + "AAAA\n-----END PUBLIC KEY-----",
                pemBody + Base64.getEncoder().encodeToString(TestKeys.rsa().getPublic().getEncoded()),
                "-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----")) {
            assertEquals(PUBLIC_KEY_PROPERTY, failure(GatehouseConfig.builder().publicKey(bad)).property(), bad);
        }
    }

    @Test
    void privateKeyPastedAsPublicKeyIsRefusedWithoutRepeatingIt() {
        String base64 = Base64.getEncoder().encodeToString(TestKeys.rsa().getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";

        ConfigurationException e = failure(GatehouseConfig.builder().publicKey(pem));

        assertEquals(PUBLIC_KEY_PROPERTY, e.property());
        assertFalse(e.getMessage().contains(base64.substring(0, 40)));
    }

    @Test
    void rsaKeyShorterThan2048BitsNamesThePublicKeyProperty() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair weak = generator.generateKeyPair();

        assertEquals(PUBLIC_KEY_PROPERTY, failure(GatehouseConfig.builder().publicKey(TestKeys.pem(weak.getPublic()))).property());
    }

    @Test
    void missingFileNamesTheLocationProperty() {
        assertEquals(LOCATION_PROPERTY, failure(GatehouseConfig.builder().publicKeyLocation("/no/such/dir/key.pem")).property());
        assertEquals(LOCATION_PROPERTY, failure(GatehouseConfig.builder().publicKeyLocation("file:/no/such/dir/key.pem")).property());
    }

    @Test
    void missingClasspathResourceNamesTheLocationProperty() {
        assertEquals(LOCATION_PROPERTY, failure(GatehouseConfig.builder().publicKeyLocation("classpath:no/such/key.pem")).property());
    }

    @Test
    void httpKeyLocationIsRefusedUnlessAllowedNamingTheLocationProperty() {
        try (JwksServer server = JwksServer.serving(TestKeys.jwks(java.util.Map.of("k1", TestKeys.rsa().getPublic())))) {
            ConfigurationException e = failure(GatehouseConfig.builder().publicKeyLocation(server.url()));

            assertEquals(LOCATION_PROPERTY, e.property());
            assertTrue(e.getMessage().contains("gatehouse.jwks.allow-http"), e.getMessage());
            assertEquals(0, server.requests(), "refused before any fetch");
            ((JwtTokenVerifier) JwtTokenVerifier.create(GatehouseConfig.builder().publicKeyLocation(server.url())
                    .jwksAllowHttp(true).build().jwt(), Clock.systemUTC())).close();
            assertEquals(1, server.requests());
        }
    }

    @Test
    void httpPemLocationIsRefusedAsWellWhateverTheSchemesCase() {
        try (JwksServer server = JwksServer.serving(TestKeys.pem(TestKeys.rsa().getPublic()))) {
            String url = server.url().replace("http://", "HTTP://");

            assertEquals(LOCATION_PROPERTY, failure(GatehouseConfig.builder().publicKeyLocation(url)).property());
            assertEquals(0, server.requests());
        }
    }

    @Test
    void algorithmThatDoesNotFitAJwksFetchedAtStartupNamesTheAlgorithmProperty() {
        try (JwksServer server = JwksServer.serving(TestKeys.jwks(java.util.Map.of("k1", TestKeys.ec256().getPublic())))) {
            assertEquals(ALGORITHM_PROPERTY, failure(GatehouseConfig.builder().publicKeyLocation(server.url()).jwksAllowHttp(true)
                    .jwtAlgorithms(List.of("RS256"))).property());
        }
    }

    @Test
    void malformedJwksUrlNamesTheLocationProperty() {
        assertEquals(LOCATION_PROPERTY, failure(GatehouseConfig.builder().publicKeyLocation("https:///no-host/jwks.json")).property());
        assertEquals(LOCATION_PROPERTY, failure(GatehouseConfig.builder().publicKeyLocation("https://bad host/jwks")).property());
    }

    @Test
    void refusedHttpUrlCredentialsAreNotRepeated() {
        ConfigurationException e = failure(GatehouseConfig.builder()
                .publicKeyLocation("http://user:hunter2@127.0.0.1:9/jwks.json?api_key=hunter3"));

        assertEquals(LOCATION_PROPERTY, e.property());
        assertFalse(e.getMessage().contains("hunter"), e.getMessage());
    }

    @Test
    void algorithmThatDoesNotFitTheKeyNamesTheAlgorithmProperty() {
        String ecPem = TestKeys.pem(TestKeys.ec256().getPublic());
        String secret = TestKeys.secret(32);

        assertEquals(ALGORITHM_PROPERTY, failure(GatehouseConfig.builder().publicKey(ecPem).jwtAlgorithms(List.of("RS256"))).property());
        assertEquals(ALGORITHM_PROPERTY, failure(GatehouseConfig.builder().publicKey(ecPem).jwtAlgorithms(List.of("ES384"))).property());
        assertEquals(ALGORITHM_PROPERTY, failure(GatehouseConfig.builder().publicKey(ecPem).jwtAlgorithms(List.of("HS256"))).property());
        ConfigurationException hs512 = failure(GatehouseConfig.builder().hmacSecret(secret).jwtAlgorithms(List.of("HS512")));
        assertEquals(ALGORITHM_PROPERTY, hs512.property());
        assertFalse(hs512.getMessage().contains(secret));
    }

    @Test
    void unknownAlgorithmNamesTheAlgorithmProperty() {
        String pem = TestKeys.pem(TestKeys.ec256().getPublic());

        assertEquals(ALGORITHM_PROPERTY, failure(GatehouseConfig.builder().publicKey(pem).jwtAlgorithms(List.of("ES999"))).property());
    }

    private static ConfigurationException failure(GatehouseConfig.Builder settings) {
        return assertThrows(ConfigurationException.class, () -> JwtTokenVerifier.create(settings.build().jwt(), Clock.systemUTC()));
    }
}
