package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.client.Frame;
import dev.gatehouse.it.war.app.GreetingHandler;
import dev.gatehouse.it.war.app.GreetingService;
import dev.gatehouse.test.TestConnection;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Handlers are CDI beans and may inject application services (application servers only). */
@Tag("cdi")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CdiInjectionIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return Wars.war("cdi", Wars.withKey(), GreetingHandler.class, GreetingService.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void handlerUsesItsInjectedService() {
        try (TestConnection client = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"))) {
            client.send("greet", "g1", null);
            Frame greeting = client.next();
            assertEquals("greeting", greeting.type());
            assertEquals("g1", greeting.replyTo().orElseThrow());
            assertEquals("Hello, alice, from a CDI service", greeting.data().getString("text"));
        }
    }
}
