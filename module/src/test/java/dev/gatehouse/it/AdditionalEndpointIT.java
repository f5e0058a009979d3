package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.JwtSettings;
import dev.gatehouse.testkit.TestServer;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdditionalEndpointIT {

    /** Echoes every text frame. */
    public static final class Echo extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class,
                    (MessageHandler.Whole<String>) text -> session.getAsyncRemote().sendText(text));
        }
    }

    private static Gatehouse gatehouse() {
        return Gatehouse.builder().config(GatehouseConfig.builder().hmacSecret(TestServer.SECRET).build()).build();
    }

    @Test
    void endpointBesideGatehouseIsServedOnTheSamePortWithoutAToken() throws Exception {
        GatehouseServer server = GatehouseServer.builder(gatehouse()).port(0)
                .endpoint(ServerEndpointConfig.Builder.create(Echo.class, "/echo").build())
                .build().start();
        try {
            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            reply.complete(data.toString());
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            ws.sendText("hello", true);
            assertEquals("hello", reply.get(5, TimeUnit.SECONDS));
            ws.abort();
        } finally {
            server.stop();
        }
    }

    @Test
    void endpointOnTheGatehousePathIsRefusedAtTheBuilder() {
        GatehouseServer.Builder builder = GatehouseServer.builder(gatehouse())
                .endpoint(ServerEndpointConfig.Builder.create(Echo.class, "/ws").build());
        assertThrows(IllegalArgumentException.class, builder::build);
    }
}
