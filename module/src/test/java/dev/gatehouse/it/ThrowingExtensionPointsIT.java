package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.spi.FrameHandler;
import dev.gatehouse.spi.LifecycleListener;
import dev.gatehouse.spi.LifecycleManager;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Every extension point other than message handlers may throw; none of it reaches the client as 1011. */
class ThrowingExtensionPointsIT {

    @Test
    void listenerThatThrowsOnEveryEventDoesNotDisturbTheConnection() {
        LifecycleListener broken = new LifecycleListener() {
            @Override
            public void onTransition(Connection connection, ConnectionState from, ConnectionState to) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onClosed(Connection connection, int code, String reason) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (TestServer server = TestServer.start(g -> g.listener(broken)
                .handler(FrameHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data))));
             TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("listener"))) {
            client.send("echo", "e1", null);
            assertEquals("e1", client.next().getString("reply_to"));
        }
    }

    @Test
    void setupThatThrowsIsServiceUnavailable() {
        try (TestServer server = TestServer.start(g -> g.connectionSetup(c -> {
            throw new IllegalStateException("setup bug");
        }));
             TestClient client = TestClient.connect(server.uri(), TestServer.token("setup-throws"))) {
            client.nextError("SERVICE_UNAVAILABLE");
            client.assertClosed(1013, "SERVICE_UNAVAILABLE");
        }
    }

    @Test
    void setupWhoseStageFailsIsServiceUnavailable() {
        try (TestServer server = TestServer.start(g -> g.connectionSetup(
                c -> CompletableFuture.failedFuture(new IllegalStateException("setup failed"))));
             TestClient client = TestClient.connect(server.uri(), TestServer.token("setup-fails"))) {
            client.nextError("SERVICE_UNAVAILABLE");
            client.assertClosed(1013, "SERVICE_UNAVAILABLE");
        }
    }

    @Test
    void customLifecycleManagerThatThrowsIsServiceUnavailable() {
        LifecycleManager broken = new LifecycleManager() {
            @Override
            public CompletionStage<Void> prepare(Connection connection) {
                throw new IllegalStateException("manager bug");
            }

            @Override
            public void release(Connection connection) {
                throw new IllegalStateException("manager bug");
            }
        };
        try (TestServer server = TestServer.start(g -> g.lifecycleManager(broken));
             TestClient client = TestClient.connect(server.uri(), TestServer.token("manager"))) {
            client.nextError("SERVICE_UNAVAILABLE");
            client.assertClosed(1013, "SERVICE_UNAVAILABLE");
        }
    }

    @Test
    void customTokenVerifierThatThrowsRefusesWith401() {
        try (TestServer server = TestServer.startWithoutKey(c -> c, g -> g.tokenVerifier(token -> {
            throw new IllegalStateException("verifier bug, token " + token);
        }))) {
            CompletionException failure = assertThrows(CompletionException.class, () -> HttpClient.newHttpClient()
                    .newWebSocketBuilder().header("Authorization", "Bearer " + TestServer.token("x"))
                    .buildAsync(server.uri(), new WebSocket.Listener() { }).join());
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
            assertEquals(401, refused.getResponse().statusCode());
            assertEquals("{\"error_code\":\"INVALID_TOKEN\",\"error_message\":\"Token could not be verified\"}",
                    refused.getResponse().body());
        }
    }
}
