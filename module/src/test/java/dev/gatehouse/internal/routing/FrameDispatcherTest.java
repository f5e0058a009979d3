package dev.gatehouse.internal.routing;

import static dev.gatehouse.internal.lifecycle.ConnectionFixture.START;
import static dev.gatehouse.internal.lifecycle.ConnectionFixture.token;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ConnectionState;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.cluster.ClusterConnections;
import dev.gatehouse.internal.codec.EnvelopeCodec;
import dev.gatehouse.internal.handshake.HandshakeGate;
import dev.gatehouse.internal.lifecycle.ConnectionFixture;
import dev.gatehouse.internal.lifecycle.ConnectionRegistry;
import dev.gatehouse.internal.lifecycle.Frames;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.lifecycle.RecordingTransport;
import dev.gatehouse.internal.lifecycle.Timer;
import dev.gatehouse.internal.lifecycle.Workers;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.TokenVerifier;
import dev.gatehouse.spi.Verification;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What becomes of one text frame of a READY connection, as the client sees it. */
class FrameDispatcherTest {
    private static final String WELCOME = "connection_established";

    private final ConnectionFixture fixture = new ConnectionFixture();
    private final RecordingTransport transport = RecordingTransport.completing();
    private final EnvelopeCodec codec = new EnvelopeCodec(32, 64);
    private final List<String> verified = new ArrayList<>();
    private final TokenVerifier verifier = jwt -> {
        verified.add(jwt);
        return switch (jwt) {
            case "later-alice" -> Verification.accepted(token("alice", START.plusSeconds(7200)));
            case "bob" -> Verification.accepted(token("bob", START.plusSeconds(7200)));
            case "denied-alice" -> new Verification.Refused(403, "DENYLISTED", "This token is on a denylist");
            default -> Verification.rejected(ErrorCode.INVALID_TOKEN, "Signature does not match");
        };
    };
    /** The handler of type {@code work}; answers {@code done}. */
    private FrameHandler<JsonObject> work = FrameHandler.of("work", JsonObject.class, (data, ctx) -> ctx.reply("done", data));

    @Test
    void malformedFramesAreAnsweredMalformedWithReplyToWhenTheIdIsReadable() {
        ManagedConnection c = ready(dispatcher(fixture.timer));
        c.onText("{\"id\":\"7\",\"type\":\"Not A Type\"}");
        c.onText("not json");
        assertEquals(List.of(WELCOME, "error MALFORMED_MESSAGE reply_to=7", "error MALFORMED_MESSAGE"), transport.summary());
    }

    @Test
    void handledFrameIsAnsweredWithReplyToAfterTheWorkersRun() {
        ManagedConnection c = ready(dispatcher(fixture.timer));
        c.onText("{\"type\":\"work\",\"id\":\"1\"}");
        c.onText("{\"type\":\"chat.sned\",\"id\":\"2\"}");
        assertEquals(List.of(WELCOME), transport.summary(), "handlers run on the workers");
        fixture.executor.runAll();
        assertEquals(List.of(WELCOME, "done reply_to=1", "error UNKNOWN_TYPE reply_to=2"), transport.summary());
    }

    @Test
    void handlerThatThrowsIsAnsweredHandlerErrorAndTheConnectionStaysOpen() {
        work = FrameHandler.of("work", JsonObject.class, (data, ctx) -> {
            throw new IllegalStateException("bug");
        });
        ManagedConnection c = ready(dispatcher(fixture.timer));
        c.onText("{\"type\":\"work\",\"id\":\"1\"}");
        fixture.executor.runAll();
        assertEquals(List.of(WELCOME, "error HANDLER_ERROR reply_to=1"), transport.summary());
        assertEquals(ConnectionState.READY, c.state());
    }

    @Test
    void replyAfterTheTimeLimitAnsweredTheFrameIsDroppedAndTheNextFrameIsHandled() {
        boolean[] late = {true};
        work = FrameHandler.of("work", JsonObject.class, (data, ctx) -> {
            if (late[0]) {
                late[0] = false;
                fixture.timer.advance(Duration.ofSeconds(30).toMillis()); // the limit answers while this call runs
            }
            ctx.reply("done", data);
        });
        ManagedConnection c = ready(dispatcher(fixture.timer));
        c.onText("{\"type\":\"work\",\"id\":\"1\"}");
        c.onText("{\"type\":\"work\",\"id\":\"2\"}");
        fixture.executor.runAll();
        assertEquals(List.of(WELCOME, "error HANDLER_TIMEOUT reply_to=1", "done reply_to=2"), transport.summary(),
                "one answer per frame");
    }

    @Test
    void pingIsAnsweredPongAtOnceEvenWhenTheHandlerQueueIsFull() {
        fixture.handlerQueueLimit(1);
        ManagedConnection c = ready(dispatcher(fixture.timer));
        c.onText("{\"type\":\"work\",\"id\":\"1\"}"); // waits for the workers, filling the queue
        c.onText("{\"type\":\"work\",\"id\":\"2\"}");
        c.onText("{\"type\":\"ping\",\"id\":\"3\"}");
        assertEquals(List.of(WELCOME, "error RATE_LIMITED reply_to=2", "pong reply_to=3"), transport.summary());
        fixture.executor.runAll();
        assertEquals("done reply_to=1", transport.summary().get(3));
    }

    @Test
    void framesOverTheRateAreRateLimitedButPingsAreNot() {
        fixture.rateLimit(2);
        ManagedConnection c = ready(dispatcher(fixture.timer));
        for (int i = 1; i <= 3; i++) {
            c.onText("{\"type\":\"work\",\"id\":\"" + i + "\"}");
        }
        c.onText("{\"type\":\"ping\",\"id\":\"p\"}");
        assertEquals(List.of(WELCOME, "error RATE_LIMITED reply_to=3", "pong reply_to=p"), transport.summary());
        fixture.clock.advance(Duration.ofSeconds(1));
        c.onText("{\"type\":\"work\",\"id\":\"4\"}");
        fixture.executor.runAll();
        assertEquals(List.of("done reply_to=1", "done reply_to=2", "done reply_to=4"), transport.summary().subList(3, 6));
    }

    @Test
    void authRefreshWithoutATokenIsMalformed() {
        ManagedConnection c = ready(dispatcher(fixture.timer));
        c.onText("{\"type\":\"auth_refresh\",\"id\":\"r\",\"data\":{\"token\":7}}");
        fixture.executor.runAll();
        assertEquals(List.of(WELCOME, "error MALFORMED_MESSAGE reply_to=r"), transport.summary());
        assertEquals(List.of(), verified);
    }

    /** {@code forged}: rejected; {@code denied-alice}: refused with the verifier's own status and code. */
    @ParameterizedTest
    @ValueSource(strings = {"forged", "denied-alice"})
    void authRefreshWithATokenThatDoesNotVerifyIsInvalidTokenAndTheOldOneStays(String token) {
        ManagedConnection c = ready(dispatcher(fixture.timer));
        var before = c.token();
        c.onText("{\"type\":\"auth_refresh\",\"id\":\"r\",\"data\":{\"token\":\"" + token + "\"}}");
        fixture.executor.runAll();
        assertEquals(List.of(WELCOME, "error INVALID_TOKEN reply_to=r"), transport.summary());
        assertEquals(before, c.token());
    }

    @Test
    void authRefreshWithAnotherUsersTokenIsInvalidTokenAndTheOldOneStays() {
        ManagedConnection c = ready(dispatcher(fixture.timer));
        var before = c.token();
        c.onText("{\"type\":\"auth_refresh\",\"id\":\"r\",\"data\":{\"token\":\"bob\"}}");
        fixture.executor.runAll();
        assertEquals(List.of(WELCOME, "error INVALID_TOKEN reply_to=r"), transport.summary());
        assertEquals(before, c.token());
    }

    @Test
    void authRefreshWithAGoodTokenReplacesItAndIsAnsweredTokenRefreshed() {
        ManagedConnection c = ready(dispatcher(fixture.timer));
        c.onText("{\"type\":\"auth_refresh\",\"id\":\"r\",\"data\":{\"token\":\"later-alice\"}}");
        assertEquals(List.of(WELCOME), transport.summary(), "verified on a worker, not the container's thread");
        fixture.executor.runAll();
        assertEquals(List.of(WELCOME, "token_refreshed reply_to=r"), transport.summary());
        assertEquals(START.plusSeconds(7200), c.token().expiresAt());
        assertEquals("2026-11-22T12:00:00Z",
                Frames.parse(transport.texts().get(1)).getJsonObject("data").getString("expires_at"));
        assertEquals(List.of("later-alice"), verified);
    }

    @Test
    void authRefreshWaitsItsTurnBehindTheConnectionsEarlierFramesAndRefreshesApplyInOrder() {
        ManagedConnection c = ready(dispatcher(fixture.timer));
        c.onText("{\"type\":\"work\",\"id\":\"1\"}");
        c.onText("{\"type\":\"auth_refresh\",\"id\":\"r1\",\"data\":{\"token\":\"forged\"}}");
        c.onText("{\"type\":\"auth_refresh\",\"id\":\"r2\",\"data\":{\"token\":\"later-alice\"}}");
        assertEquals(List.of(WELCOME), transport.summary(), "nothing verified on the container's thread");
        fixture.executor.runAll();
        assertEquals(List.of(WELCOME, "done reply_to=1", "error INVALID_TOKEN reply_to=r1", "token_refreshed reply_to=r2"),
                transport.summary());
        assertEquals(List.of("forged", "later-alice"), verified);
        assertEquals(START.plusSeconds(7200), c.token().expiresAt());
    }

    @Test
    void authRefreshBeyondTheConnectionsQueueIsRateLimitedNotQueuedElsewhere() {
        fixture.handlerQueueLimit(1);
        ManagedConnection c = ready(dispatcher(fixture.timer));
        c.onText("{\"type\":\"work\",\"id\":\"1\"}");
        c.onText("{\"type\":\"auth_refresh\",\"id\":\"r\",\"data\":{\"token\":\"later-alice\"}}");
        assertEquals(List.of(WELCOME, "error RATE_LIMITED reply_to=r"), transport.summary());
        fixture.executor.runAll();
        assertEquals(List.of(), verified);
    }

    @Test
    void failureInsideTheRouterItselfIsAnsweredHandlerErrorNeverThrown() {
        Timer stopped = (task, delay) -> {
            throw new AssertionError("timer stopped");
        };
        ManagedConnection c = ready(dispatcher(stopped));
        c.onText("{\"type\":\"work\",\"id\":\"1\"}");
        assertDoesNotThrow(fixture.executor::runAll);
        assertEquals(List.of(WELCOME, "error HANDLER_ERROR reply_to=1"), transport.summary());
    }

    private FrameDispatcher dispatcher(Timer timer) {
        Router router = new Router(List.of(Route.of(work)), null, codec, timer, Duration.ofSeconds(30),
                new Workers("handlers", 1, 4, 100, timer, Workers.daemonThreads("dispatcher-test")), 64, GatehouseMetrics.none());
        HandshakeGate gate = new HandshakeGate(GatehouseConfig.builder().build(), verifier);
        return new FrameDispatcher(codec, fixture.frames(), router, gate, new ClusterConnections(new ConnectionRegistry(10, 10), fixture.frames(),
                GatehouseConfig.builder().build(), "node-a", null, null, GatehouseMetrics.none()), java.time.Duration.ofSeconds(5),
                GatehouseMetrics.none());
    }

    private ManagedConnection ready(FrameDispatcher dispatcher) {
        fixture.inbound(dispatcher);
        return fixture.ready(transport);
    }
}
