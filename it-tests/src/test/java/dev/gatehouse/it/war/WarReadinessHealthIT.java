package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.it.war.app.ReadinessSwitch;
import dev.gatehouse.it.war.app.SwitchableReadinessCheck;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server's MicroProfile Health {@code /health/ready} carries Gatehouse's readiness check, which
 * follows the application's {@code ReadinessCheck} (Payara and WildFly; the embedded container has no
 * MicroProfile Health).
 */
@Tag("mp-health")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarReadinessHealthIT {
    /** An application check's answer serves probes for a second; then the next probe runs it again. */
    private static final Duration CHANGED_WITHIN = Duration.ofSeconds(3);
    private final HttpClient http = HttpClient.newHttpClient();

    /** Not "health": on Payara Micro that context root would hide the server's own /health. */
    @Deployment(testable = false)
    static WebArchive app() {
        return Wars.war("readiness-probe", Wars.withKey(), SwitchableReadinessCheck.class, ReadinessSwitch.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void readyIsDownWhileAnApplicationCheckFailsAndUpAgainAfter() throws Exception {
        JsonObject up = gatehouseCheck(ready(200));
        assertEquals("UP", up.getString("status"), up.toString());
        assertEquals(Map.of("gatehouse-server", "UP", "gatehouse-backplane", "UP", "gatehouse-backplane engine", "none",
                SwitchableReadinessCheck.NAME, "UP"), strings(up.getJsonObject("data")), up.toString());

        turn(false);
        JsonObject down = gatehouseCheck(readyOnceChanged(503));
        assertEquals("DOWN", down.getString("status"), down.toString());
        assertEquals("DOWN: not ready", down.getJsonObject("data").getString(SwitchableReadinessCheck.NAME), down.toString());
        assertEquals("UP", down.getJsonObject("data").getString("gatehouse-server"), down.toString());

        turn(true);
        assertEquals("UP", gatehouseCheck(readyOnceChanged(200)).getString("status"));
    }

    private void turn(boolean ready) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(Endpoints.http(base, "readiness?ready=" + ready))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode(), r.body());
    }

    /**
     * The readiness answer after the check changed: a check's answer serves every probe for up to a
     * second, so probes until one has this status, at most {@link #CHANGED_WITHIN}.
     */
    private JsonObject readyOnceChanged(int expectedStatus) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + CHANGED_WITHIN.toNanos();
        HttpResponse<String> r = probe();
        while (r.statusCode() != expectedStatus && System.nanoTime() < giveUp) {
            Thread.sleep(100);
            r = probe();
        }
        return answer(r, expectedStatus);
    }

    /** The server's readiness answer, which must have this HTTP status (200 with UP, 503 with DOWN). */
    private JsonObject ready(int expectedStatus) throws IOException, InterruptedException {
        return answer(probe(), expectedStatus);
    }

    private HttpResponse<String> probe() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(Endpoints.healthReady(base)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject answer(HttpResponse<String> r, int expectedStatus) {
        assertEquals(expectedStatus, r.statusCode(), Endpoints.healthReady(base) + ": " + r.body());
        JsonObject body = Json.createReader(new StringReader(r.body())).readObject();
        assertEquals(expectedStatus == 200 ? "UP" : "DOWN", body.getString("status"), r.body());
        return body;
    }

    private static JsonObject gatehouseCheck(JsonObject health) {
        return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("name").equals("gatehouse")).findFirst()
                .orElseThrow(() -> new AssertionError("no gatehouse check in " + health));
    }

    private static Map<String, String> strings(JsonObject data) {
        return data.keySet().stream().collect(Collectors.toMap(k -> k, data::getString));
    }
}
