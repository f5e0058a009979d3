package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.internal.config.Setting;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every setting is a property and a typed setter on {@link GatehouseConfig.Builder}, the setter
 * winning over the property; {@link Gatehouse.Builder#start()} serves the configuration in one
 * chain; a bad value given to a setter fails at startup naming the property.
 */
class OneConfigurationPathTest {

    /**
     * Calls each one-argument setter of the builder with a sample value and notes the setting it
     * set (or, when the sample is refused, the property the refusal names); every declared setting
     * must be reached, so a setting declared later without a setter fails here.
     */
    @Test
    void everyDeclaredSettingHasATypedSetter() throws Exception {
        Map<String, String> setterOf = new TreeMap<>();
        for (Method setter : GatehouseConfig.Builder.class.getMethods()) {
            if (setter.getReturnType() != GatehouseConfig.Builder.class || setter.getParameterCount() != 1) {
                continue;
            }
            GatehouseConfig.Builder builder = GatehouseConfig.builder();
            Set<String> set;
            try {
                setter.invoke(builder, sample(setter.getParameterTypes()[0]));
                set = builder.given();
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof ConfigurationException refused)) {
                    throw e;
                }
                set = Set.of(refused.property());
            }
            assertEquals(1, set.size(), setter.getName() + " should set one setting, set " + set);
            setterOf.put(set.iterator().next(), setter.getName());
        }
        Set<String> declared = GatehouseConfig.ALL.stream().map(Setting::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> withoutSetter = new TreeSet<>(declared);
        withoutSetter.removeAll(setterOf.keySet());
        assertEquals(Set.of(), withoutSetter, "settings without a typed setter on GatehouseConfig.Builder");
        assertEquals(declared, setterOf.keySet());
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) {
            return 1;
        } else if (type == boolean.class) {
            return true;
        } else if (type == String.class) {
            return "x";
        } else if (type == Duration.class) {
            return Duration.ofSeconds(5);
        } else if (type == Path.class) {
            return Path.of("x");
        } else if (type == List.class) {
            return List.of("x");
        } else if (type == Set.class) {
            return Set.of("x");
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        throw new AssertionError("no sample value for a setter taking " + type);
    }

    @Test
    void aTypedSetterWinsOverTheSameSettingFromASource() {
        ConfigSource source = ConfigSource.of(Map.of("gatehouse.rate-limit", "5", "GATEHOUSE_IDLE_TIMEOUT", "7s",
                "mp.jwt.verify.issuer", "https://from-properties"));
        assertEquals(9, GatehouseConfig.from(source).rateLimit(9).build().rateLimit());
        Gatehouse gatehouse = Gatehouse.builder(source)
                .config(c -> c.hmacSecret(TestServer.SECRET).rateLimit(9).issuer("https://typed"))
                .build();
        assertEquals(9, gatehouse.config().rateLimit());
        assertEquals("https://typed", gatehouse.config().jwt().issuer().orElseThrow());
        assertEquals(Duration.ofSeconds(7), gatehouse.config().idleTimeout(), "a setting not set in code is the source's");
    }

    @Test
    void theTypedEditsApplyOverAConfigurationGivenAfterThem() {
        Gatehouse gatehouse = Gatehouse.builder()
                .config(c -> c.rateLimit(9))
                .config(GatehouseConfig.builder().hmacSecret(TestServer.SECRET).rateLimit(5).handlerThreads(3).build())
                .build();
        assertEquals(9, gatehouse.config().rateLimit());
        assertEquals(3, gatehouse.config().handlerThreads());
    }

    @Test
    void startServesTheConfigurationInOneChain() {
        try (GatehouseServer server = Gatehouse.builder()
                .config(c -> c.hmacSecret(TestServer.SECRET).port(0).path("/chain"))
                .handler(FrameHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data)))
                .start();
                TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            assertEquals("/chain", server.uri().getPath());
            client.send("echo", "1", Json.createObjectBuilder().add("text", "one chain").build());
            JsonObject echo = client.next();
            assertEquals("echo", echo.getString("type"));
            assertEquals("one chain", echo.getJsonObject("data").getString("text"));
        }
    }

    @Test
    void startReadsTheServersSettingsFromTheSource() {
        try (GatehouseServer server = Gatehouse.builder(ConfigSource.of(Map.of("GATEHOUSE_PORT", "0",
                        "gatehouse.path", "/from-env", "gatehouse.jwt.secret", TestServer.SECRET)))
                .start();
                TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            assertEquals("/from-env", server.uri().getPath());
            client.assertOpen();
        }
    }

    @Test
    void aPortOutOfRangeGivenToTheSetterNamesThePropertyAtStartup() {
        assertEquals("gatehouse.port", refusedAtStart(c -> c.port(70_000)).property());
    }

    @Test
    void aMissingTlsFileGivenToTheSetterNamesThePropertyAtStartup() {
        ConfigurationException e = refusedAtStart(c -> c.tlsCertificate(Path.of("/no/such/server.crt"))
                .tlsPrivateKey(Path.of("/no/such/server.key")));
        assertEquals("gatehouse.tls.certificate", e.property());
    }

    @Test
    void aBlankIssuerGivenToTheSetterNamesThePropertyAtStartup() {
        assertEquals("mp.jwt.verify.issuer", refusedAtStart(c -> c.issuer(" ")).property());
    }

    @Test
    void anInvalidJwksUriGivenToTheSetterNamesThePropertyAtStartup() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Gatehouse.builder()
                .config(c -> c.publicKeyLocation("https://bad host/jwks")).start());
        assertEquals("mp.jwt.verify.publickey.location", e.property());
    }

    @Test
    void twoKeySourcesGivenToTheSettersAreRefusedNamingOne() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> GatehouseConfig.builder().hmacSecret(TestServer.SECRET).publicKeyLocation("/keys.pem").build());
        assertTrue(e.getMessage().contains("mp.jwt.verify.publickey.location"), e.getMessage());
    }

    private static ConfigurationException refusedAtStart(Consumer<GatehouseConfig.Builder> settings) {
        return assertThrows(ConfigurationException.class, () -> Gatehouse.builder()
                .config(c -> settings.accept(c.hmacSecret(TestServer.SECRET).port(0))).start());
    }
}
