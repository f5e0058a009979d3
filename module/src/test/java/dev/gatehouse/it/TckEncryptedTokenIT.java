package dev.gatehouse.it;

import static dev.gatehouse.it.HandshakeRefusals.assertNoToken;
import static dev.gatehouse.it.HandshakeRefusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.jwt.tck.util.TokenUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A standalone server configured only from the MicroProfile JWT 2.1 TCK's
 * {@code microprofile-config-verify-decrypt.properties} (decryption key {@code /privateKey.pem},
 * verification key {@code /publicKey4k.pem}, both class path resources of the TCK jar): a
 * signed-then-encrypted TCK token gets the welcome over a real socket, a plainly signed one 401.
 */
class TckEncryptedTokenIT {
    private static final PrivateKey SIGNER = tokenUtils(() -> TokenUtils.readPrivateKey("/privateKey4k.pem"));
    private static TestServer server;

    @BeforeAll
    static void start() {
        Map<String, String> tck = tckConfig("verify-decrypt");
        server = TestServer.start(c -> GatehouseConfig.from(ConfigSource.of(tck)), g -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void signedThenEncryptedTckTokenIsWelcomed() {
        String token = tokenUtils(() -> TokenUtils.signEncryptClaims(SIGNER, null,
                TokenUtils.readPublicKey("/publicKey.pem"), null, "/Token1.json", true));

        try (TestClient client = TestClient.connectWelcomed(server.uri(), token)) {
            assertEquals("24400320", client.welcome().getJsonObject("data").getString("user_id"));
            client.assertOpen();
        }
    }

    @Test
    void signedButNotEncryptedTckTokenIsRefusedWith401() {
        String token = tokenUtils(() -> TokenUtils.signClaims(SIGNER, "/privateKey4k.pem", "/Token1.json"));

        RawUpgrade.Response response = RawUpgrade.send(server.uri(), Map.of("Authorization", "Bearer " + token));

        assertRefused(response, 401, "Bearer error=\"invalid_token\"", "INVALID_TOKEN");
        assertNoToken(response, token);
    }

    private static Map<String, String> tckConfig(String name) {
        try (InputStream in = TokenUtils.class.getResourceAsStream("/META-INF/microprofile-config-" + name + ".properties")) {
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> values = new HashMap<>();
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T tokenUtils(Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException("TokenUtils failed", e);
        }
    }
}
