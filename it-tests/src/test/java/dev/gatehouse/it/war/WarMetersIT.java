package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.it.war.app.MeterRegistryProducer;
import dev.gatehouse.it.war.app.MetersServlet;
import dev.gatehouse.it.war.app.ThrowingHandler;
import dev.gatehouse.test.TestConnection;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In a WAR, Gatehouse records its meters on the application's Micrometer registry, a CDI bean it
 * finds: handshakes, handler calls by type and outcome, error frames and closes, read back through
 * a servlet of the application on Payara and WildFly.
 */
@Tag("cdi")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarMetersIT {
    @Deployment(testable = false)
    static WebArchive app() {
        File[] micrometer = new File(System.getProperty("gatehouse.micrometer-libs", "target/micrometer-libs"))
                .listFiles((d, n) -> n.endsWith(".jar"));
        return Wars.war("meters", Wars.withKey(), EchoHandler.class, ThrowingHandler.class,
                MeterRegistryProducer.class, MetersServlet.class).addAsLibraries(micrometer);
    }

    @ArquillianResource
    URL base;

    @Test
    void handshakesHandlerCallsErrorsAndClosesAreCountedOnTheApplicationsRegistry() throws Exception {
        try (TestConnection client = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"))) {
            client.send("echo", "e1", null).next();
            client.send("explode", "t1", null).assertError("HANDLER_ERROR");
            client.client().close().join();
        }
        String meters = eventually("gatehouse.connections.closed{code=1000");
        assertTrue(meters.contains("gatehouse.handshakes{code=none,outcome=accepted} 1.0"), meters);
        assertTrue(meters.contains("gatehouse.handler.duration{outcome=ok,type=echo} 1.0"), meters);
        assertTrue(meters.contains("gatehouse.handler.duration{outcome=error,type=explode} 1.0"), meters);
        assertTrue(meters.contains("gatehouse.errors.sent{code=HANDLER_ERROR} 1.0"), meters);
        assertTrue(meters.contains("gatehouse.connections.opened{} 1.0"), meters);
    }

    /** The meters once they contain {@code expected}: the close is counted after the client saw it. */
    private String eventually(String expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = base.toURI().resolve("meters");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body;
        do {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            body = response.body();
        } while (!body.contains(expected) && System.nanoTime() < deadline && sleep());
        assertTrue(body.contains(expected), body);
        return body;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
