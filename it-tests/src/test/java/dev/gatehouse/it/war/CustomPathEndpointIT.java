package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.it.war.app.ChatEndpoint;
import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.test.TestConnection;
import dev.gatehouse.testkit.RawUpgrade;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A {@code GatehouseEndpoint} subclass moves Gatehouse to its path, and the default {@code /ws} is gone. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CustomPathEndpointIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return Wars.war("custompath", Wars.withKey(), ChatEndpoint.class, EchoHandler.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void customPathWelcomesAndAnswers() {
        try (TestConnection client = TestConnection.welcomed(Endpoints.ws(base, "chat"), Tokens.valid("alice"))) {
            client.send("ping", "p", null);
            assertEquals("pong", client.next().type());
        }
    }

    @Test
    void customPathRefusesMissingTokenWith401() throws IOException {
        RawUpgrade.Response response = RawUpgrade.send(URI.create(base.toString()).resolve("chat"), Map.of());
        assertEquals(401, response.status(), response.toString());
        assertEquals("Bearer", response.header("WWW-Authenticate"));
    }

    @Test
    void defaultWsPathIsNotDeployed() throws IOException {
        RawUpgrade.Response response = RawUpgrade.send(URI.create(base.toString()).resolve("ws"),
                Map.of("Authorization", "Bearer " + Tokens.valid("alice")));
        assertEquals(404, response.status(), response.toString());
        // The application servers answer with their own page; the embedded server with PROTOCOL.md §1.4's.
        assertFalse(response.body().contains("error_code") && !response.body().contains("\"NOT_FOUND\""), response.body());
    }
}
