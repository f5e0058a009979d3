package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.client.Frame;
import dev.gatehouse.it.war.app.AdminHandler;
import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.it.war.app.TenantCheck;
import dev.gatehouse.test.TestConnection;
import dev.gatehouse.testkit.RawUpgrade;
import java.net.URL;
import java.util.List;
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
 * In a WAR, a CDI bean implementing {@code UpgradeCheck} checks every upgrade (refused with its
 * status and code through the servlet filter), what it keeps reaches the handlers, and
 * {@code @RolesAllowed} on a CDI handler answers {@code FORBIDDEN} to a connection without the
 * group, which stays open (application servers only).
 */
@Tag("cdi")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CdiUpgradeCheckIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return Wars.war("checks", Wars.withKey(), TenantCheck.class, AdminHandler.class, EchoHandler.class);
    }

    @ArquillianResource
    URL base;

    private static String token(String subject, String tenant, List<String> groups) {
        return Tokens.withClaims(subject, Map.of("tenant", tenant, "groups", groups));
    }

    @Test
    void anUpgradeOfAnotherTenantIsRefusedWithTheChecksStatusAndCode() {
        RawUpgrade.Response response = RawUpgrade.send(Endpoints.ws(base, "ws"),
                Map.of("Authorization", "Bearer " + token("bob", "globex", List.of("admin"))));
        assertEquals(403, response.status(), response.raw());
        assertEquals("close", response.header("Connection"), response.raw());
        assertEquals(true, response.body().contains("\"error_code\":\"WRONG_TENANT\""), response.raw());
    }

    @Test
    void rolesAllowedOnACdiHandlerAnswersForbiddenWithoutTheGroupAndKeepsTheConnection() {
        try (TestConnection user = TestConnection.welcomed(Endpoints.ws(base, "ws"), token("carol", "acme", List.of()));
                TestConnection admin = TestConnection.welcomed(Endpoints.ws(base, "ws"),
                        token("alice", "acme", List.of("admin")))) {
            user.send("admin.ping", "p1", null);
            Frame refused = user.next();
            assertEquals("error_message", refused.type());
            assertEquals("FORBIDDEN", refused.data().getString("error_code"));
            assertEquals("p1", refused.replyTo().orElseThrow());
            user.send("echo", "e1", null);
            assertEquals("e1", user.next().replyTo().orElseThrow());

            admin.send("admin.ping", "p2", null);
            Frame pong = admin.next();
            assertEquals("admin.pong", pong.type());
            assertEquals("acme", pong.data().getString("tenant"));
        }
    }
}
