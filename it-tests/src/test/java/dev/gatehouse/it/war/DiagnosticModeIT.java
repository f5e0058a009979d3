package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.test.TestConnection;
import dev.gatehouse.testkit.TestClient;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Diagnostic mode (for browsers): the upgrade succeeds, one error frame names the code, then 1008. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DiagnosticModeIT {

    @Deployment(testable = false)
    static WebArchive app() {
        Map<String, String> config = Wars.withKey();
        config.put("gatehouse.handshake.mode", "diagnostic");
        return Wars.war("diagnostic", config, EchoHandler.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void missingTokenGetsNoTokenFrameAndClose1008() {
        try (TestClient client = TestClient.connect(Endpoints.ws(base, "ws"), Map.of(), List.of("gatehouse.v1"))) {
            client.nextError("NO_TOKEN");
            client.assertClosed(1008, "NO_TOKEN");
        }
    }

    @Test
    void expiredTokenGetsTokenExpiredFrameAndClose1008() {
        try (TestConnection client = TestConnection.open(Endpoints.ws(base, "ws"), Tokens.expired("alice"))) {
            client.assertError("TOKEN_EXPIRED");
            client.assertClosed(1008, "TOKEN_EXPIRED");
        }
    }

    @Test
    void goodTokenIsStillWelcomed() {
        try (TestConnection client = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"))) {
            client.send("ping", "p", null);
            assertEquals("pong", client.next().type());
        }
    }
}
