package dev.gatehouse.testkit;

import dev.gatehouse.Connection;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Run by {@code ModulePathIT} with Gatehouse on the module path and this class in the unnamed
 * module: prints what the module exports, serves a welcome over a real socket, and shows that the
 * internals cannot be reached. One line per fact, for the test to assert; exit code 0 when it got
 * that far.
 */
public final class ModuleProbe {
    private ModuleProbe() {
    }

    public static void main(String[] args) throws Exception {
        Module module = Gatehouse.class.getModule();
        System.out.println("MODULE " + module.getName());
        System.out.println("EXPORTS " + module.getDescriptor().exports().stream()
                .map(e -> e.source()).sorted().collect(Collectors.joining(",")));
        Gatehouse gatehouse = Gatehouse.builder().config(GatehouseConfig.builder().hmacSecret(TestServer.SECRET).build()).build();
        try (GatehouseServer server = GatehouseServer.builder(gatehouse).port(0).build().start()) {
            CompletableFuture<String> welcome = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + TestServer.token("module-path"))
                    .buildAsync(server.uri(), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            welcome.complete(data.toString());
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            System.out.println("WELCOME " + welcome.get(5, TimeUnit.SECONDS));
            Connection connection = gatehouse.connections().all().iterator().next();
            System.out.println("INTERNAL " + reachInternals(connection));
            ws.abort();
        }
    }

    /** What happens when code outside the module calls an internal method of a connection. */
    private static String reachInternals(Connection connection) {
        try {
            connection.getClass().getMethod("onText", String.class).invoke(connection, "{\"type\":\"ping\"}");
            return "REACHED " + connection.getClass().getName();
        } catch (IllegalAccessException e) {
            return "REFUSED " + connection.getClass().getName();
        } catch (ReflectiveOperationException e) {
            return "FAILED " + e;
        }
    }
}
