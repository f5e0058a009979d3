package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.it.war.app.EchoHandler;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WAR without a token key fails to deploy, instead of starting and refusing everyone, and the
 * failure names the property. Not run on Payara Micro, whose Arquillian adapter reports a WAR whose
 * startup failed as deployed: {@link MisconfiguredDeploymentOnPayaraMicroIT} covers it there.
 */
@Tag("deploy-failure-reported")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MisconfiguredDeploymentIT {
    private static final String APP = "nokey";

    @Deployment(name = APP, managed = false, testable = false)
    static WebArchive appWithoutKey() {
        return Wars.war(APP, Map.of("gatehouse.ready.timeout", "5s"), EchoHandler.class);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void deploymentWithoutAKeyFails() {
        Exception failure = assertThrows(Exception.class, () -> deployer.deploy(APP));
        assertTrue(failure.getMessage().contains("gatehouse.jwt.secret: no token verification key is configured"),
                failure.getMessage());
    }
}
