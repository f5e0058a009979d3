package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.internal.endpoint.EndpointDelegate;
import dev.gatehouse.internal.endpoint.FakeHandshakeRequest;
import dev.gatehouse.internal.endpoint.ProgrammaticEndpoint;
import dev.gatehouse.internal.lifecycle.Handoffs;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handshake's last check in the container: one verification per upgrade, a plain subprotocol, never a throw. */
class GatehouseConfiguratorTest {
    private static final VerifiedToken ALICE = new VerifiedToken("alice", Instant.now().plusSeconds(3600), Set.of(), Map.of());

    private final AtomicInteger verifications = new AtomicInteger();
    private TokenVerifier verifier = jwt -> {
        verifications.incrementAndGet();
        return Verification.accepted(ALICE);
    };
    private Gatehouse gatehouse;

    @AfterEach
    void shutDown() {
        if (gatehouse != null) {
            gatehouse.shutdown(Duration.ZERO);
        }
    }

    @Test
    void handedOffVerdictIsTakenInsteadOfVerifyingAgain() {
        GatehouseConfigurator configurator = configurator();
        Verification verdict = Verification.accepted(ALICE);
        Consumer<ManagedConnection> hook = c -> { };
        gatehouse.runtime().handoffs().hand("key-1", new Handoffs.Entry(verdict, hook));
        ServerEndpointConfig config = config(configurator);

        configurator.modifyHandshake(config, bearer().header("Sec-WebSocket-Key", "key-1"), null);

        assertSame(verdict, config.getUserProperties().get(EndpointDelegate.VERIFICATION));
        assertSame(hook, config.getUserProperties().get(EndpointDelegate.ON_OPEN));
        assertEquals(0, verifications.get(), "one verification per upgrade: the filter's");
    }

    @Test
    void withoutAHandedOffVerdictItChecksTheRequestItself() {
        GatehouseConfigurator configurator = configurator();
        ServerEndpointConfig config = config(configurator);
        configurator.modifyHandshake(config, bearer(), null);
        Verification.Accepted accepted = assertInstanceOf(Verification.Accepted.class,
                config.getUserProperties().get(EndpointDelegate.VERIFICATION));
        assertEquals("alice", accepted.token().subject());
        assertNull(config.getUserProperties().get(EndpointDelegate.ON_OPEN));
        assertEquals(1, verifications.get());
    }

    @Test
    void aHandedVerdictIsTakenOnceAndOnlyForItsOwnRequest() {
        GatehouseConfigurator configurator = configurator();
        Handoffs handoffs = gatehouse.runtime().handoffs();
        handoffs.hand("key-1", new Handoffs.Entry(Verification.accepted(ALICE), c -> { }));
        configurator.modifyHandshake(config(configurator), bearer().header("Sec-WebSocket-Key", "key-1"), null);
        configurator.modifyHandshake(config(configurator), bearer().header("Sec-WebSocket-Key", "key-1"), null);
        handoffs.hand("key-2", new Handoffs.Entry(Verification.accepted(ALICE), c -> { }));
        configurator.modifyHandshake(config(configurator), bearer().header("Sec-WebSocket-Key", "key-3"), null);
        assertEquals(2, verifications.get(), "the second take and the other request's verified their own token");
    }

    @Test
    void verifierThatThrowsIsInvalidTokenNotAThrow() {
        verifier = jwt -> {
            throw new IllegalStateException("verifier bug with " + jwt);
        };
        GatehouseConfigurator configurator = configurator();
        ServerEndpointConfig config = config(configurator);
        configurator.modifyHandshake(config, bearer(), null);
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class,
                config.getUserProperties().get(EndpointDelegate.VERIFICATION));
        assertEquals(ErrorCode.INVALID_TOKEN, rejected.code());
        assertFalse(rejected.message().contains("alice-token"), "the token is never in the message");
    }

    @Test
    void verifierThatThrowsAnErrorIsInvalidTokenNotAThrow() {
        verifier = jwt -> {
            throw new NoClassDefFoundError("org/bouncycastle/jce/provider/BouncyCastleProvider");
        };
        GatehouseConfigurator configurator = configurator();
        ServerEndpointConfig config = config(configurator);
        configurator.modifyHandshake(config, bearer(), null);
        Verification.Rejected rejected = assertInstanceOf(Verification.Rejected.class,
                config.getUserProperties().get(EndpointDelegate.VERIFICATION));
        assertEquals(ErrorCode.INVALID_TOKEN, rejected.code());
    }

    @Test
    void notDeployedInAWarItRefusesWithoutThrowing() {
        GatehouseConfigurator undeployed = new GatehouseConfigurator();
        ServerEndpointConfig config = config(undeployed);
        undeployed.modifyHandshake(config, bearer(), null);
        assertInstanceOf(Verification.Rejected.class, config.getUserProperties().get(EndpointDelegate.VERIFICATION));
        assertEquals("", undeployed.getNegotiatedSubprotocol(List.of(), List.of("gatehouse.v1")));
    }

    @Test
    void onlyAPlainSubprotocolIsNegotiatedNeverATokenBearingOne() {
        GatehouseConfigurator configurator = configurator();
        assertEquals("gatehouse.v1", configurator.getNegotiatedSubprotocol(List.of(), List.of("bearer.eyJ.x.y", "gatehouse.v1")));
        assertEquals("", configurator.getNegotiatedSubprotocol(List.of(), List.of("bearer.eyJ.x.y", "jwt.abc")));
        assertEquals("", configurator.getNegotiatedSubprotocol(List.of(), List.of("chat.v9")));
    }

    @Test
    void originIsLeftToTheTokenCheckAndEachSessionGetsItsOwnEndpoint() throws InstantiationException {
        GatehouseConfigurator configurator = configurator();
        assertTrue(configurator.checkOrigin("https://evil.example"));
        assertNotSame(configurator.getEndpointInstance(ProgrammaticEndpoint.class),
                configurator.getEndpointInstance(ProgrammaticEndpoint.class));
    }

    private GatehouseConfigurator configurator() {
        gatehouse = Gatehouse.builder().config(GatehouseConfig.builder().handlerThreads(1).maxConnections(10).build())
                .tokenVerifier(verifier).build();
        return new GatehouseConfigurator(gatehouse);
    }

    private static ServerEndpointConfig config(GatehouseConfigurator configurator) {
        return ServerEndpointConfig.Builder.create(ProgrammaticEndpoint.class, "/ws").configurator(configurator).build();
    }

    private static FakeHandshakeRequest bearer() {
        return new FakeHandshakeRequest().header("Authorization", "Bearer alice-token");
    }
}
