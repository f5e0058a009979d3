package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Misuse fails early, at the setter or at build(), naming the setting; a built client does nothing until connect(). */
class BuilderRefusesMisuseTest {
    private static final URI URI_OK = URI.create("ws://127.0.0.1:1/ws");

    @Test
    void buildWithoutATokenNamesBothWays() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GatehouseClient.builder(URI_OK).build());
        assertTrue(e.getMessage().contains("token(") && e.getMessage().contains("tokenSource("), e.getMessage());
    }

    @Test
    void onlyWebSocketUris() {
        assertThrows(IllegalArgumentException.class, () -> GatehouseClient.builder(URI.create("http://127.0.0.1/ws")));
        assertThrows(NullPointerException.class, () -> GatehouseClient.builder(null));
    }

    @Test
    void durationsMustBePositiveAndTheBoundAtLeastOne() {
        GatehouseClient.Builder b = GatehouseClient.builder(URI_OK);
        assertThrows(IllegalArgumentException.class, () -> b.requestTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.heartbeatMargin(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ZERO));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.maxHeldFrames(0));
        assertTrue(e.getMessage().contains("maxHeldFrames"), e.getMessage());
        assertThrows(NullPointerException.class, () -> b.listener(null));
        assertThrows(NullPointerException.class, () -> b.token(null));
    }

    @Test
    void builtClientIsIdleUntilConnect() {
        GatehouseClient client = GatehouseClient.builder(URI_OK).token("t").build();
        assertEquals(GatehouseClient.State.CONNECTING, client.state());
        assertEquals(Optional.empty(), client.welcome());
        assertEquals(Set.of(), client.rooms());
        assertTrue(!client.ready().isDone());
        assertThrows(IllegalArgumentException.class, () -> client.close(1006, ""));
        assertThrows(IllegalArgumentException.class, () -> client.close(4000, "x".repeat(124)));
        assertEquals(GatehouseClient.State.CONNECTING, client.state());
        client.close().join();
        assertEquals(GatehouseClient.State.CLOSED, client.state());
        assertThrows(IllegalStateException.class, () -> client.send("echo", null));
    }
}
