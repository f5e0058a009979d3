package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.it.war.app.HealthApiProbe;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a server without MicroProfile Health (WildFly with its default {@code standalone.xml}), the
 * Gatehouse jar's readiness bean is left out without a trace: the application deploys and serves, and
 * the server log of its deployment has no class-loading failure and no warning about Gatehouse (the
 * build names the log in {@code gatehouse.server-log}).
 */
@Tag("without-mp-health")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarWithoutMicroProfileHealthIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return Wars.war("nohealth", Wars.withKey(), EchoHandler.class, HealthApiProbe.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void applicationDeploysAndServesWhereMicroProfileHealthIsAbsent() throws Exception {
        String deployment = deploymentLog();
        assertFalse(deployment.contains("GatehouseReadiness") || deployment.contains("microprofile/health"),
                "the readiness bean's class was loaded:\n" + deployment);
        List<String> warnings = deployment.lines().filter(l -> l.matches("\\S+ \\S+ (WARN|ERROR) .*")
                && l.toLowerCase(Locale.ROOT).contains("gatehouse")).toList();
        assertEquals(List.of(), warnings, "warnings about Gatehouse while deploying");

        HttpResponse<String> probe = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(Endpoints.http(base, "health-api")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("absent", probe.body(), "this server must not give the application MicroProfile Health");

        try (TestConnection client = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"))) {
            client.send("echo", "e1", Json.createObjectBuilder().add("text", "hi").build());
            assertEquals("hi", client.next().data().getString("text"));
        }
    }

    /** The server log from this deployment's start on. */
    private static String deploymentLog() throws IOException {
        String log = Files.readString(Path.of(System.getProperty("gatehouse.server-log")));
        int start = log.lastIndexOf("Starting deployment of \"nohealth.war\"");
        assertTrue(start >= 0, "no deployment in the server log");
        return log.substring(start);
    }
}
