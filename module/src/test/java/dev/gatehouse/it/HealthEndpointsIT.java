package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code /health/live} and {@code /health/ready} on the standalone port, in MicroProfile Health's format. */
class HealthEndpointsIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void liveIsUpAndReadyFollowsTheApplicationsReadinessCheckBothWays() throws Exception {
        AtomicBoolean databaseUp = new AtomicBoolean(true);
        try (TestServer server = TestServer.start(g -> g.readinessCheck(databaseUp::get))) {
            assertEquals(200, get(server, "/health/live").statusCode());
            assertEquals("UP", json(get(server, "/health/live")).getString("status"));
            assertEquals(200, get(server, "/health/ready").statusCode());

            databaseUp.set(false);
            HttpResponse<String> down = readyOnceFresh(server, 503); // a check's answer serves every probe for a second
            assertEquals(503, down.statusCode());
            JsonObject body = json(down);
            assertEquals("DOWN", body.getString("status"));
            assertTrue(body.getJsonArray("checks").stream().map(JsonObject.class::cast)
                    .anyMatch(c -> c.getString("status").equals("DOWN") && c.containsKey("data")), body.toString());
            assertEquals(200, get(server, "/health/live").statusCode(), "not ready is still alive");

            databaseUp.set(true);
            assertEquals(200, readyOnceFresh(server, 200).statusCode());
        }
    }

    /** {@code /health/ready} until it answers {@code status}, for a little longer than an answer stays fresh. */
    private HttpResponse<String> readyOnceFresh(TestServer server, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        HttpResponse<String> response = get(server, "/health/ready");
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
            response = get(server, "/health/ready");
        }
        return response;
    }

    @Test
    void aCheckThatHangsOrThrowsMakesReadyDownWithinTheReadyTimeoutNeverAHang() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (TestServer server = TestServer.start(c -> c.readyTimeout(Duration.ofMillis(300)),
                g -> g.readinessCheck(() -> {
                    never.await();
                    return true;
                }).readinessCheck(() -> {
                    throw new IllegalStateException("broken");
                }))) {
            long start = System.nanoTime();
            HttpResponse<String> down = get(server, "/health/ready");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, down.statusCode());
            assertTrue(millis < 2000, "answered in " + millis + " ms");
            String text = down.body();
            assertTrue(text.contains("no answer within 300 ms") && text.contains("threw java.lang.IllegalStateException"),
                    text);
            assertTrue(!text.contains("broken"), "an exception's message may hold a secret: " + text);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aNodeWhoseBackplaneCannotReachTheOthersIsNotReady() throws Exception {
        Backplane unreachable = new Backplane() {
            @Override
            public void start(Receiver receiver) {
            }

            @Override
            public CompletionStage<?> publish(String topic, String message) {
                return CompletableFuture.failedFuture(new IllegalStateException("down"));
            }

            @Override
            public void subscribe(String topic) {
            }

            @Override
            public void unsubscribe(String topic) {
            }

            @Override
            public boolean connected() {
                return false;
            }

            @Override
            public void close() {
            }
        };
        try (TestServer server = TestServer.start(c -> c.clusterSecret(TestServer.CLUSTER_SECRET), g -> g.backplane(unreachable))) {
            HttpResponse<String> down = get(server, "/health/ready");
            assertEquals(503, down.statusCode());
            assertTrue(down.body().contains("gatehouse-backplane"), down.body());
            try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
                client.assertOpen(); // local connections are served all the same
            }
        }
    }

    @Test
    void aStoppingServerAnswers503BeforeItSendsTheCloses() throws Exception {
        GatehouseServer server = server(c -> c.shutdownDrain(Duration.ofSeconds(1)));
        URI base = URI.create("http://127.0.0.1:" + server.port());
        try (TestClient client = TestClient.connectWelcomed(server.uri(), TestServer.token("alice"))) {
            Thread stopping = new Thread(server::stop);
            stopping.start();
            long deadline = System.nanoTime() + 900_000_000L;
            int status = 200;
            while (status == 200 && System.nanoTime() < deadline) {
                status = http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            }
            assertEquals(503, status, "ready turned DOWN while draining");
            client.assertOpen(); // the 1001s come after the drain
            client.assertClosed(1001, "SERVER_SHUTDOWN");
            stopping.join();
        }
    }

    @Test
    void healthCanBeTurnedOff() throws Exception {
        GatehouseServer server = server(c -> c.healthEnabled(false));
        try {
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            server.stop();
        }
    }

    private static GatehouseServer server(Consumer<GatehouseConfig.Builder> settings) {
        return Gatehouse.builder().config(c -> settings.accept(c.hmacSecret(TestServer.SECRET).port(0))).start();
    }

    private HttpResponse<String> get(TestServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.uri().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
