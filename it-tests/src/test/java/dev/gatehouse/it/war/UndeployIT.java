package dev.gatehouse.it.war;

import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.test.TestConnection;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Undeploying the application closes its connections with 1001. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UndeployIT {
    private static final String APP = "undeploy";

    @Deployment(name = APP, managed = false, testable = false)
    static WebArchive app() {
        return Wars.war(APP, Wars.withKey(), EchoHandler.class);
    }

    @ArquillianResource
    Deployer deployer;
    private boolean deployed;

    @BeforeEach
    void deploy() {
        deployer.deploy(APP);
        deployed = true;
    }

    @AfterEach
    void undeployIfStillThere() {
        if (deployed) {
            deployer.undeploy(APP);
        }
    }

    @Test
    void undeployClosesOpenConnectionsWith1001(@ArquillianResource @OperateOnDeployment(APP) URL base) {
        try (TestConnection client = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"))) {
            deployer.undeploy(APP);
            deployed = false;
            client.assertClosed(1001, "SERVER_SHUTDOWN");
        }
    }
}
