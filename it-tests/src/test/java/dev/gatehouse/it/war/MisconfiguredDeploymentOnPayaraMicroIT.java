package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.it.war.app.EchoHandler;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payara Micro only. Gatehouse fails the WAR's startup without a key here too (the server log shows
 * "Startup of context /nokey failed" caused by {@code ConfigurationException: gatehouse.jwt.secret: no
 * key configured}), but Payara Micro still lists the archive under "Deployed", so its Arquillian adapter
 * reports success. What a client can check is that the application does not run: nothing answers at
 * its endpoint.
 */
@Tag("payara-micro")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MisconfiguredDeploymentOnPayaraMicroIT {

    @Deployment(testable = false)
    static WebArchive appWithoutKey() {
        return Wars.war("nokey", Map.of("gatehouse.ready.timeout", "5s"), EchoHandler.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void applicationWithoutAKeyDoesNotServeItsEndpoint() throws IOException {
        RawUpgrade.Response response = RawUpgrade.send(URI.create(base.toString()).resolve("ws"),
                Map.of("Authorization", "Bearer " + Tokens.valid("alice")));
        assertEquals(404, response.status(), response.toString());
        assertFalse(response.body().contains("error_code"), response.body());
    }
}
