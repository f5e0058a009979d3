package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.it.war.app.FailingReadinessCheck;
import dev.gatehouse.test.TestConnection;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A readiness check that fails: no welcome, {@code SERVICE_UNAVAILABLE} and 1013 within the bound. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReadinessFailureIT {
    private static final Duration BOUND = Duration.ofSeconds(2);

    @Deployment(testable = false)
    static WebArchive app() {
        Map<String, String> config = Wars.withKey();
        config.put("gatehouse.ready.timeout", BOUND.toMillis() + "ms");
        return Wars.war("readiness", config, FailingReadinessCheck.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void failingReadinessCheckGetsServiceUnavailableAndClose1013WithinItsBound() {
        long start = System.nanoTime();
        try (TestConnection client = TestConnection.open(Endpoints.ws(base, "ws"), Tokens.valid("alice"))) {
            client.assertError("SERVICE_UNAVAILABLE");
            client.assertClosed(1013, "SERVICE_UNAVAILABLE");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(BOUND) < 0, "took " + took);
        }
    }
}
