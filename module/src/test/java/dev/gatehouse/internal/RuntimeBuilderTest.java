package dev.gatehouse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The choices an application makes, checked as a whole, with the setting at fault named. */
class RuntimeBuilderTest {
    private static final TokenVerifier VERIFIER = jwt -> Verification.rejected(ErrorCode.INVALID_TOKEN, "no");

    @Test
    void customManagerWithAReadinessCheckIsRefused() {
        RuntimeBuilder builder = new RuntimeBuilder().tokenVerifier(VERIFIER)
                .lifecycleManager(c -> CompletableFuture.completedFuture(null)).readinessCheck(() -> true);
        assertEquals("lifecycleManager", assertThrows(ConfigurationException.class, builder::build).property());
    }

    @Test
    void customManagerWithAConnectionSetupIsRefused() {
        RuntimeBuilder builder = new RuntimeBuilder().tokenVerifier(VERIFIER)
                .connectionSetup(c -> null).lifecycleManager(c -> CompletableFuture.completedFuture(null));
        assertEquals("lifecycleManager", assertThrows(ConfigurationException.class, builder::build).property());
    }

    @Test
    void customVerifierWithAJwtSecretIsRefusedNamingTheSecret() {
        GatehouseConfig config = GatehouseConfig.builder().hmacSecret("s".repeat(32)).build();
        RuntimeBuilder builder = new RuntimeBuilder().config(config).tokenVerifier(VERIFIER);
        ConfigurationException e = assertThrows(ConfigurationException.class, builder::build);
        assertEquals("gatehouse.jwt.secret", e.property());
        assertFalse(e.getMessage().contains("s".repeat(32)), "the secret is never in the message");
    }

    @Test
    void customVerifierWithWhereTheTokenIsReadIsFine() {
        GatehouseConfig config = GatehouseConfig.from(ConfigSource.of(Map.of(
                "mp.jwt.token.header", "Cookie", "mp.jwt.token.cookie", "session",
                "gatehouse.origins", "https://app.example.com"))).build();
        new RuntimeBuilder().config(config).tokenVerifier(VERIFIER).build().shutdown(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ping", "auth_refresh", "Chat", "", "1chat", "chat send", "chat/send"})
    void reservedAndInvalidHandlerTypesAreRefused(String type) {
        RuntimeBuilder builder = new RuntimeBuilder();
        assertThrows(ConfigurationException.class,
                () -> builder.handler(FrameHandler.of(type, JsonObject.class, (p, c) -> { })));
        assertThrows(ConfigurationException.class,
                () -> builder.handler(AsyncFrameHandler.of(type, JsonObject.class, (p, c) -> null)));
    }

    @Test
    void twoHandlersForOneTypeAreRefusedWhetherSyncOrAsync() {
        RuntimeBuilder builder = new RuntimeBuilder().handler(FrameHandler.of("chat.send", JsonObject.class, (p, c) -> { }));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> builder.handler(AsyncFrameHandler.of("chat.send", JsonObject.class, (p, c) -> null)));
        assertTrue(e.getMessage().contains("chat.send"), e.getMessage());
        assertThrows(ConfigurationException.class,
                () -> builder.handler(FrameHandler.of("chat.send", JsonObject.class, (p, c) -> { })));
    }
}
