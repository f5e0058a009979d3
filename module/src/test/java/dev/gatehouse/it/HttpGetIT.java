package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.spi.HttpGet;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HttpGetIT {

    private static Gatehouse gatehouse() {
        return Gatehouse.builder().config(GatehouseConfig.builder().hmacSecret(TestServer.SECRET).build()).build();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getIsAnsweredWithTheQueryBesideTheEndpoint() throws Exception {
        GatehouseServer server = GatehouseServer.builder(gatehouse()).port(0)
                .httpGet("/hello", query -> new HttpGet.Answer(200, "text/plain", "hi " + query.get("name")))
                .httpGet("/broken", query -> {
                    throw new IllegalStateException("secret detail");
                })
                .build().start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/hello?name=J%C3%BCrgen");
            HttpResponse<String> ok = send(HttpRequest.newBuilder(uri));
            assertEquals(200, ok.statusCode());
            assertEquals("hi Jürgen", ok.body());
            assertEquals("no-store", ok.headers().firstValue("Cache-Control").orElse(""));
            assertEquals("text/plain;charset=UTF-8", ok.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
            HttpResponse<String> post = send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(405, post.statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(uri.resolve("/hello/more"))).statusCode());
            HttpResponse<String> broken = send(HttpRequest.newBuilder(uri.resolve("/broken")));
            assertEquals(500, broken.statusCode());
            assertFalse(broken.body().contains("secret detail"), broken.body());
            try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
                client.assertOpen();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void nestedPathsEachAnswerTheirOwnWhateverTheOrderAdded() throws Exception {
        GatehouseServer server = GatehouseServer.builder(gatehouse()).port(0)
                .httpGet("/a", query -> new HttpGet.Answer(200, "text/plain", "a"))
                .httpGet("/a/b", query -> new HttpGet.Answer(200, "text/plain", "a/b"))
                .httpGet("/c/d", query -> new HttpGet.Answer(200, "text/plain", "c/d"))
                .httpGet("/c", query -> new HttpGet.Answer(200, "text/plain", "c"))
                .build().start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
            for (String path : new String[] {"a", "a/b", "c", "c/d"}) {
                HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve(path)));
                assertEquals(200, answer.statusCode(), path);
                assertEquals(path, answer.body());
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void getOnTheGatehousePathIsRefusedAtTheBuilder() {
        GatehouseServer.Builder builder = GatehouseServer.builder(gatehouse())
                .httpGet("/ws", query -> new HttpGet.Answer(200, "text/plain", ""));
        assertThrows(IllegalArgumentException.class, builder::build);
        assertThrows(IllegalArgumentException.class, () -> GatehouseServer.builder(gatehouse())
                .httpGet("relative", query -> new HttpGet.Answer(200, "text/plain", "")));
    }
}
