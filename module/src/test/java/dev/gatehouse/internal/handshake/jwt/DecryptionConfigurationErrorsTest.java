package dev.gatehouse.internal.handshake.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.testkit.TestKeys;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A misconfigured decryption key or algorithm, or token age, fails at startup naming the property,
 * and never repeats key material.
 */
class DecryptionConfigurationErrorsTest {
    private static final String LOCATION = "mp.jwt.decrypt.key.location";
    private static final String ALGORITHM = "mp.jwt.decrypt.key.algorithm";
    private static final KeyPair RSA = TestKeys.rsa();

    @TempDir
    Path dir;

    @Test
    void missingFileNamesTheDecryptLocation() {
        assertEquals(LOCATION, failure(GatehouseConfig.builder().decryptKeyLocation("/no/such/dir/private.pem")).property());
        assertEquals(LOCATION, failure(GatehouseConfig.builder().decryptKeyLocation("classpath:no/such/private.pem")).property());
    }

    @Test
    void publicKeyAtTheDecryptLocationIsRefused() throws IOException {
        ConfigurationException e = failure(GatehouseConfig.builder().decryptKeyLocation(write(TestKeys.pem(RSA.getPublic()))));

        assertEquals(LOCATION, e.property());
        assertTrue(e.getMessage().contains("private key"), e.getMessage());
    }

    @Test
    void ecPrivateKeyIsRefusedAsTheWrongKeyType() throws IOException {
        ConfigurationException e = failure(GatehouseConfig.builder().decryptKeyLocation(write(pem(TestKeys.ec256().getPrivate()))));

        assertEquals(LOCATION, e.property());
        assertTrue(e.getMessage().contains("only RSA private keys"), e.getMessage());
    }

    @Test
    void rsaPrivateKeyShorterThan2048BitsIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);

        ConfigurationException e = failure(GatehouseConfig.builder().decryptKeyLocation(write(pem(generator.generateKeyPair().getPrivate()))));

        assertEquals(LOCATION, e.property());
        assertTrue(e.getMessage().contains("2048 bits"), e.getMessage());
    }

    @Test
    void pkcs1PemIsRefusedWithAHowToConvert() throws IOException {
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";

        ConfigurationException e = failure(GatehouseConfig.builder().decryptKeyLocation(write(pkcs1)));

        assertEquals(LOCATION, e.property());
        assertTrue(e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }

    @Test
    void remoteLocationIsRefused() {
        assertEquals(LOCATION, failure(GatehouseConfig.builder().decryptKeyLocation("https://keys.example.com/private.pem")).property());
    }

    @Test
    void brokenPrivateJwkIsRefusedWithoutRepeatingIt() throws IOException {
        String jwk = Jwks.UNSAFE_JSON(Jwks.builder().key(RSA.getPrivate()).build());
        String broken = jwk.replace("\"e\":", "\"e\":\"!!\",\"x\":");

        ConfigurationException e = failure(GatehouseConfig.builder().decryptKeyLocation(write(broken)));

        assertEquals(LOCATION, e.property());
        for (String field : List.of("\"d\":\"", "\"p\":\"", "\"q\":\"")) {
            String value = jwk.substring(jwk.indexOf(field) + field.length(), jwk.indexOf(field) + field.length() + 12);
            assertFalse(e.getMessage().contains(value), e.getMessage());
        }
    }

    @Test
    void pemPrivateKeyIsNotRepeatedInAnyMessage() throws IOException {
        String base64 = Base64.getEncoder().encodeToString(RSA.getPrivate().getEncoded());
        String truncated = "-----BEGIN PRIVATE KEY-----\n" + base64.substring(0, 200) + "\n-----END PRIVATE KEY-----\n";

        ConfigurationException e = failure(GatehouseConfig.builder().decryptKeyLocation(write(truncated)));

        assertEquals(LOCATION, e.property());
        assertFalse(e.getMessage().contains(base64.substring(40, 80)), e.getMessage());
    }

    @Test
    void unknownAlgorithmIsRefusedAtTheSetterNamingTheAlgorithmProperty() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> GatehouseConfig.from(ConfigSource.of(Map.of(ALGORITHM, "RSA1_5"))));

        assertEquals(ALGORITHM, e.property());
    }

    @Test
    void algorithmNamesMatchCaseInsensitively() {
        assertEquals(List.of("RSA-OAEP-256"), GatehouseConfig.builder().decryptKeyLocation("/private.pem")
                .decryptAlgorithms(List.of("rsa-oaep-256")).build().jwt().decryptAlgorithms());
    }

    @Test
    void algorithmWithoutADecryptionKeyIsAConflict() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> GatehouseConfig.builder().hmacSecret(TestKeys.secret(32)).decryptAlgorithms(List.of("RSA-OAEP")).build());

        assertEquals(ALGORITHM, e.property());
    }

    @Test
    void algorithmTheJwkDoesNotDeclareNamesTheAlgorithmProperty() throws IOException {
        String jwk = Jwks.UNSAFE_JSON(Jwks.builder().key((java.security.interfaces.RSAPrivateKey) RSA.getPrivate())
                .publicKey((java.security.interfaces.RSAPublicKey) RSA.getPublic()).algorithm("RSA-OAEP").build());

        ConfigurationException e = failure(GatehouseConfig.builder().decryptKeyLocation(write(jwk)).decryptAlgorithms(List.of("RSA-OAEP-256")));

        assertEquals(ALGORITHM, e.property());
    }

    @Test
    void tokenAgeMustBePositive() {
        for (String age : List.of("0", "0s")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> GatehouseConfig.from(ConfigSource.of(Map.of("mp.jwt.verify.token.age", age))));
            assertEquals("mp.jwt.verify.token.age", e.property());
        }
        assertThrows(ConfigurationException.class, () -> GatehouseConfig.builder().tokenAge(Duration.ofSeconds(-1)));
    }

    @Test
    void noKeyAtAllMentionsTheDecryptLocationToo() {
        assertTrue(failure(GatehouseConfig.builder()).getMessage().contains(LOCATION));
    }

    private String write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "key", ".pem"), content).toString();
    }

    private static String pem(PrivateKey key) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    private static ConfigurationException failure(GatehouseConfig.Builder settings) {
        return assertThrows(ConfigurationException.class, () -> JwtTokenVerifier.create(settings.build().jwt(), Clock.systemUTC()));
    }
}
