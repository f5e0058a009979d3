package dev.gatehouse.internal.standalone;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.RuntimeBuilder;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.FileCacheFilter;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.junit.jupiter.api.Test;

/**
 * The standalone server refuses to run on a Grizzly filter chain where its filters are out of
 * place ({@link DetachedReads} directly in front of the HTTP codec, {@link HandshakeFilter} directly
 * in front of Tyrus), and a real server's chain passes.
 */
class FilterChainShapeTest {
    private static final Class<?> TYRUS = tyrusFilter();
    private static final Class<?> CODEC = HttpServerFilter.class;
    private static final Class<?> SERVER = org.glassfish.grizzly.http.server.HttpServerFilter.class;
    /** The chain of the standalone server on Grizzly 4.0.2 and Tyrus 2.1.6. */
    private static final List<Class<?>> STANDALONE = List.of(TransportFilter.class, DetachedReads.class, CODEC,
            IdleTimeoutFilter.class, FileCacheFilter.class, HandshakeFilter.class, TYRUS, SERVER);

    @Test
    void standaloneServersChainPasses() {
        assertDoesNotThrow(() -> FilterChainShape.check(STANDALONE));
    }

    @Test
    void detachedReadsBehindTheCodecIsRefused() {
        assertRefused("DetachedReads", List.of(TransportFilter.class, CODEC, DetachedReads.class,
                IdleTimeoutFilter.class, HandshakeFilter.class, TYRUS, SERVER));
    }

    @Test
    void filterBetweenDetachedReadsAndTheCodecIsRefused() {
        assertRefused("DetachedReads", List.of(TransportFilter.class, DetachedReads.class, IdleTimeoutFilter.class,
                CODEC, HandshakeFilter.class, TYRUS, SERVER));
    }

    @Test
    void handshakeFilterBehindTyrusIsRefused() {
        assertRefused("HandshakeFilter", List.of(TransportFilter.class, DetachedReads.class, CODEC,
                TYRUS, HandshakeFilter.class, SERVER));
    }

    @Test
    void filterBetweenTheHandshakeFilterAndTyrusIsRefused() {
        assertRefused("HandshakeFilter", List.of(TransportFilter.class, DetachedReads.class, CODEC,
                HandshakeFilter.class, FileCacheFilter.class, TYRUS, SERVER));
    }

    @Test
    void missingOrDoubledFilterIsRefused() {
        List<Class<?>> withoutTyrus = new ArrayList<>(STANDALONE);
        withoutTyrus.remove(TYRUS);
        assertRefused("GrizzlyServerFilter", withoutTyrus);
        List<Class<?>> twice = new ArrayList<>(STANDALONE);
        twice.add(1, DetachedReads.class);
        assertRefused("DetachedReads twice", twice);
    }

    @Test
    void realServerStartsWithItsLiveChainPassing() throws IOException {
        GatehouseRuntime runtime = new RuntimeBuilder().config(GatehouseConfig.builder().hmacSecret("s".repeat(32)).build())
                .build();
        GrizzlyHost host = new GrizzlyHost(runtime, new GrizzlyHost.Address("127.0.0.1", 0, "/ws", false, null),
                new ServerEndpointConfig.Configurator(), null, List.of(), Map.of());
        runtime.start();
        host.start();
        try {
            List<Class<?>> live = host.filters();
            assertDoesNotThrow(() -> FilterChainShape.check(live));
            assertTrue(live.indexOf(DetachedReads.class) == live.indexOf(CODEC) - 1, live::toString);
        } finally {
            host.stop(Duration.ZERO);
        }
    }

    private static void assertRefused(String named, List<Class<?>> chain) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FilterChainShape.check(chain));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    private static Class<?> tyrusFilter() {
        try {
            return Class.forName(FilterChainShape.TYRUS_FILTER);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("Tyrus' Grizzly filter is not where Gatehouse looks for it", e);
        }
    }
}
