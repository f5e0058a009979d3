package dev.gatehouse.internal.endpoint;

import static dev.gatehouse.internal.lifecycle.ConnectionFixture.token;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatehouse.ConnectionState;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.RuntimeBuilder;
import dev.gatehouse.internal.lifecycle.Frames;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.spi.Verification;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint's whole logic, over a fake session: open a connection or refuse, forward frames, never throw. */
class EndpointDelegateTest {
    private static final CloseReason CLIENT_CLOSE = new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye");

    private final GatehouseRuntime runtime = new RuntimeBuilder()
            .config(GatehouseConfig.builder().handlerThreads(1).maxConnections(10).build())
            .tokenVerifier(jwt -> Verification.rejected(ErrorCode.INVALID_TOKEN, "not used"))
            .build();
    private final FakeSession session = new FakeSession();
    private final EndpointDelegate delegate = new EndpointDelegate(runtime);

    @AfterEach
    void shutDown() {
        runtime.shutdown(Duration.ZERO);
    }

    @Test
    void acceptedVerificationOpensAWelcomedConnectionAndTellsTheHook() {
        List<ManagedConnection> opened = new ArrayList<>();
        session.getUserProperties().put(EndpointDelegate.VERIFICATION,
                Verification.accepted(token("alice", Instant.now().plusSeconds(3600))));
        session.getUserProperties().put(EndpointDelegate.ON_OPEN, (Consumer<ManagedConnection>) opened::add);

        delegate.onOpen(session);

        assertEquals(1, opened.size());
        assertEquals(ConnectionState.READY, opened.get(0).state());
        assertEquals(List.of("max-idle 0", "connection_established"), summary());
        assertEquals(opened.get(0).id(), Frames.parse(texts().get(0)).getJsonObject("data").getString("connection_id"));
        assertNull(session.getUserProperties().get(EndpointDelegate.VERIFICATION), "taken, not left for anyone else");

        delegate.onText("{\"type\":\"ping\",\"id\":\"1\"}");
        assertEquals("pong reply_to=1", summary().get(2));
    }

    @Test
    void rejectedVerificationIsAnsweredWithOneErrorFrameAnd1008() {
        session.getUserProperties().put(EndpointDelegate.VERIFICATION,
                Verification.rejected(ErrorCode.TOKEN_EXPIRED, "Token expired"));
        delegate.onOpen(session);
        assertEquals(List.of("max-idle 0", "error TOKEN_EXPIRED", "close 1008 TOKEN_EXPIRED"), summary());
        assertEquals(0, runtime.connections().count());
    }

    @Test
    void serverWithoutKeysYetIsAnsweredWithOneErrorFrameAnd1013() {
        session.getUserProperties().put(EndpointDelegate.VERIFICATION,
                Verification.rejected(ErrorCode.SERVICE_UNAVAILABLE, "no keys to verify tokens yet; retry shortly"));
        delegate.onOpen(session);
        assertEquals(List.of("max-idle 0", "error SERVICE_UNAVAILABLE", "close 1013 SERVICE_UNAVAILABLE"), summary());
        assertEquals(0, runtime.connections().count());
    }

    @Test
    void sessionTheConfiguratorNeverSawIsRefusedNoToken() {
        delegate.onOpen(session);
        assertEquals(List.of("max-idle 0", "error NO_TOKEN", "close 1008 NO_TOKEN"), summary());
    }

    @Test
    void framesBeforeOpenOrAfterARefusalAreIgnoredWithoutThrowing() {
        assertDoesNotThrow(() -> {
            delegate.onText("{\"type\":\"ping\"}");
            delegate.onBinary();
            delegate.onPong();
            delegate.onError(new IOException("reset"));
            delegate.onClose(CLIENT_CLOSE);
        });
        assertEquals(List.of(), session.calls());

        delegate.onOpen(session);
        assertDoesNotThrow(() -> {
            delegate.onText("{\"type\":\"ping\"}");
            delegate.onBinary();
            delegate.onClose(CLIENT_CLOSE);
        });
        assertEquals(List.of("max-idle 0", "error NO_TOKEN", "close 1008 NO_TOKEN"), summary());
    }

    @Test
    void framesAfterTheCloseAreIgnoredWithoutThrowing() throws IOException {
        session.getUserProperties().put(EndpointDelegate.VERIFICATION,
                Verification.accepted(token("alice", Instant.now().plusSeconds(3600))));
        delegate.onOpen(session);
        session.close(); // the client's close: the container closes the session, then tells the endpoint
        delegate.onClose(CLIENT_CLOSE);
        assertDoesNotThrow(() -> {
            delegate.onText("{\"type\":\"ping\"}");
            delegate.onBinary();
            delegate.onPong();
            delegate.onError(new IOException("reset"));
            delegate.onClose(CLIENT_CLOSE);
        });
        assertEquals(List.of("max-idle 0", "connection_established", "close 1000 "), summary());
        assertEquals(0, runtime.connections().count());
    }

    private List<String> texts() {
        return session.calls().stream().filter(c -> c.startsWith("text:")).map(c -> c.substring(5)).toList();
    }

    private List<String> summary() {
        return session.calls().stream()
                .map(c -> c.startsWith("text:") ? Frames.summary(c.substring(5)) : c.replace(':', ' '))
                .toList();
    }
}
