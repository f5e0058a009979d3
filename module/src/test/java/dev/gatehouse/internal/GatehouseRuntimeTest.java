package dev.gatehouse.internal;

import static dev.gatehouse.internal.lifecycle.ConnectionFixture.token;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConnectionState;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.VerifiedToken;
import dev.gatehouse.internal.handshake.FakeRequest;
import dev.gatehouse.internal.handshake.Refusal;
import dev.gatehouse.internal.handshake.RequestView;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.lifecycle.RecordingLifecycleListener;
import dev.gatehouse.internal.lifecycle.RecordingTransport;
import dev.gatehouse.spi.LifecycleManager;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One runtime over recording transports: admission, opening, readiness and shutdown, without a server. */
class GatehouseRuntimeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant EXPIRY = Instant.now().plusSeconds(3600);

    private final List<GatehouseRuntime> runtimes = new ArrayList<>();
    private final AtomicInteger verifications = new AtomicInteger();
    private final TokenVerifier verifier = jwt -> {
        verifications.incrementAndGet();
        return jwt.equals("expired") ? Verification.rejected(ErrorCode.TOKEN_EXPIRED, "Token expired")
                : Verification.accepted(token(jwt, EXPIRY));
    };
    private final RecordingLifecycleListener listener = new RecordingLifecycleListener();

    @AfterEach
    void shutDown() {
        runtimes.forEach(r -> r.shutdown(Duration.ZERO));
    }

    @Test
    void openedConnectionIsWelcomedAndRegistered() {
        GatehouseRuntime runtime = runtime(c -> c, b -> b);
        RecordingTransport transport = RecordingTransport.completing();
        ManagedConnection c = runtime.open(transport, new Verification.Accepted(alice()));
        runtime.prepare(c);
        assertEquals(List.of("connection_established"), transport.summary());
        assertEquals(ConnectionState.READY, c.state());
        assertEquals(Optional.of(c), runtime.connections().byId(c.id()));
        assertTrue(c.id().matches("ws_[A-Za-z0-9_-]{16}"), c.id());
    }

    @Test
    void admitRefusesWith503WhenTheServerIsFullWithoutVerifying() {
        GatehouseRuntime runtime = runtime(c -> c.maxConnections(1), b -> b);
        runtime.open(RecordingTransport.completing(), new Verification.Accepted(alice()));
        Refusal refusal = runtime.admit(bearer("bob")).orElseThrow();
        assertEquals(503, refusal.status());
        assertEquals(Map.of("Retry-After", "5"), refusal.headers());
        assertTrue(refusal.body().contains("\"error_code\":\"CONNECTION_LIMIT\""), refusal.body());
        assertEquals(0, verifications.get(), "the cheap check first");
    }

    @Test
    void admitRefusesWith429AUserOverItsLimit() {
        GatehouseRuntime runtime = runtime(c -> c.maxConnectionsPerUser(1), b -> b);
        runtime.open(RecordingTransport.completing(), new Verification.Accepted(alice()));
        assertEquals(429, runtime.admit(Verification.accepted(alice()), System.nanoTime()).orElseThrow().status());
        assertEquals(Optional.empty(), runtime.admit(Verification.accepted(token("bob", EXPIRY)), System.nanoTime()));
    }

    @Test
    void admitRefusesARejectedVerificationWithItsRefusal() {
        GatehouseRuntime runtime = runtime(c -> c.rejectStatus(403), b -> b);
        Refusal refusal = runtime.admit(bearer("expired")).orElseThrow();
        assertEquals(403, refusal.status());
        assertEquals(Optional.of("Bearer error=\"invalid_token\""), refusal.wwwAuthenticate());
        assertTrue(refusal.body().contains("\"error_code\":\"TOKEN_EXPIRED\""), refusal.body());
        assertEquals(Optional.empty(), runtime.admit(bearer("alice")));
    }

    @Test
    void shutdownClosesEveryConnectionWithServerShutdown() {
        GatehouseRuntime runtime = runtime(c -> c, b -> b.listener(listener));
        List<RecordingTransport> transports = List.of(RecordingTransport.completing(), RecordingTransport.completing());
        for (RecordingTransport t : transports) {
            ManagedConnection c = runtime.open(t, new Verification.Accepted(alice()));
            t.reportClosesTo(c);
            runtime.prepare(c);
        }
        runtime.shutdown(WAIT);
        for (RecordingTransport t : transports) {
            assertEquals(List.of("connection_established", "close 1001 SERVER_SHUTDOWN"), t.summary());
        }
        assertEquals(2, listener.events().stream().filter("closed 1001 SERVER_SHUTDOWN"::equals).count(),
                "the listeners heard the closes before the workers stopped: " + listener.events());
        assertEquals(0, runtime.connections().count());
    }

    @Test
    void connectionOpenedAfterShutdownStartedClosesItself() {
        GatehouseRuntime runtime = runtime(c -> c, b -> b);
        runtime.shutdown(Duration.ZERO);
        RecordingTransport transport = RecordingTransport.completing();
        ManagedConnection c = runtime.open(transport, new Verification.Accepted(alice()));
        runtime.prepare(c);
        assertEquals(List.of("close 1001 SERVER_SHUTDOWN"), transport.summary());
    }

    @Test
    void connectionOpenedAfterShutdownWithReadinessChecksClosesItselfAndPrepareDoesNotThrow() {
        GatehouseRuntime runtime = runtime(c -> c, b -> b.readinessCheck(() -> true));
        runtime.shutdown(Duration.ZERO);
        RecordingTransport transport = RecordingTransport.completing();
        ManagedConnection c = runtime.open(transport, new Verification.Accepted(alice()));
        assertDoesNotThrow(() -> runtime.prepare(c), "the workers are stopped; nothing may escape to the container");
        assertEquals(List.of("close 1001 SERVER_SHUTDOWN"), transport.summary());
    }

    @Test
    void prepareThatBlocksIsBoundedByTheReadyTimeout() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        LifecycleManager blocking = c -> {
            try {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        };
        GatehouseRuntime runtime = runtime(c -> c.readyTimeout(Duration.ofMillis(200)), b -> b.lifecycleManager(blocking));
        RecordingTransport transport = RecordingTransport.completing();
        try {
            runtime.prepare(runtime.open(transport, new Verification.Accepted(alice())));
            transport.await(calls -> calls.stream().anyMatch(call -> call.startsWith("close:")), WAIT);
        } finally {
            release.countDown();
        }
        assertEquals(List.of("error SERVICE_UNAVAILABLE", "close 1013 SERVICE_UNAVAILABLE"), transport.summary());
    }

    @Test
    void readinessCheckThatSaysNoClosesWithServiceUnavailable() throws InterruptedException {
        GatehouseRuntime runtime = runtime(c -> c, b -> b.readinessCheck(() -> false));
        RecordingTransport transport = RecordingTransport.completing();
        runtime.prepare(runtime.open(transport, new Verification.Accepted(alice())));
        transport.await(calls -> calls.stream().anyMatch(call -> call.startsWith("close:")), WAIT);
        assertEquals(List.of("error SERVICE_UNAVAILABLE", "close 1013 SERVICE_UNAVAILABLE"), transport.summary());
    }

    @Test
    void managerWhosePrepareThrowsClosesWithServiceUnavailable() throws InterruptedException {
        LifecycleManager throwing = c -> {
            throw new IllegalStateException("manager bug");
        };
        GatehouseRuntime runtime = runtime(c -> c, b -> b.lifecycleManager(throwing));
        RecordingTransport transport = RecordingTransport.completing();
        runtime.prepare(runtime.open(transport, new Verification.Accepted(alice())));
        transport.await(calls -> calls.stream().anyMatch(call -> call.startsWith("close:")), WAIT);
        assertEquals(List.of("error SERVICE_UNAVAILABLE", "close 1013 SERVICE_UNAVAILABLE"), transport.summary());
    }

    private GatehouseRuntime runtime(UnaryOperator<GatehouseConfig.Builder> config, UnaryOperator<RuntimeBuilder> parts) {
        GatehouseConfig c = config.apply(GatehouseConfig.builder().handlerThreads(2).maxConnections(100)).build();
        GatehouseRuntime runtime = parts.apply(new RuntimeBuilder().config(c).tokenVerifier(verifier)).build();
        runtimes.add(runtime);
        return runtime;
    }

    private static VerifiedToken alice() {
        return token("alice", EXPIRY);
    }

    /** An upgrade request carrying {@code Authorization: Bearer <jwt>}. */
    private static RequestView bearer(String jwt) {
        return FakeRequest.request().header("Authorization", "Bearer " + jwt);
    }
}
