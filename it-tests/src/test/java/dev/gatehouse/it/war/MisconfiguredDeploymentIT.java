package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.it.war.app.EchoHandler;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A WAR without a token key fails to deploy, instead of starting and refusing everyone. */
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
        System.out.println("Deployment failure as the container reports it: " + failure);
    }
}
