package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.testkit.TestClient;
import dev.gatehouse.testkit.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code examples/war} chat WAR as the build produced it. Its configuration leaves the key to the
 * server; here one extra jar in WEB-INF/lib with its own microprofile-config.properties stands in for
 * {@code GATEHOUSE_JWT_SECRET} (application servers only: the handlers inject a CDI service).
 */
@Tag("cdi")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChatExampleIT {

    @Deployment(testable = false)
    static WebArchive chat() {
        File war = new File(System.getProperty("gatehouse.example-war", "target/example/gatehouse-example-war.war"));
        JavaArchive key = ShrinkWrap.create(JavaArchive.class, "test-key.jar")
                .addAsManifestResource(new StringAsset("gatehouse.jwt.secret=" + TestServer.SECRET + "\n"),
                        "microprofile-config.properties");
        // Named chat.war like the build's output (finalName), so the endpoint is /chat/ws.
        return ShrinkWrap.create(WebArchive.class, "chat.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, war))
                .addAsLibrary(key);
    }

    @ArquillianResource
    URL base;

    @Test
    void chatMessageReachesEveryMemberOfTheRoom() {
        try (TestClient a = TestClient.connectWelcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"));
             TestClient b = TestClient.connectWelcomed(Endpoints.ws(base, "ws"), Tokens.valid("bob"))) {
            a.send("chat.join", "j1", Json.createObjectBuilder().add("room", "lobby").build());
            assertEquals(1, a.next().getJsonObject("data").getInt("members"));
            b.send("chat.join", "j2", Json.createObjectBuilder().add("room", "lobby").build());
            assertEquals(2, b.next().getJsonObject("data").getInt("members"));
            a.send("chat.send", "s1", Json.createObjectBuilder().add("room", "lobby").add("text", "hi bob").build());
            for (TestClient member : new TestClient[] {a, b}) {
                JsonObject message = member.next();
                assertEquals("chat.message", message.getString("type"));
                assertEquals("alice", message.getJsonObject("data").getString("from"));
                assertEquals("hi bob", message.getJsonObject("data").getString("text"));
            }
        }
    }

    @Test
    void echoAnswersWithTheSameData() {
        try (TestClient client = TestClient.connectWelcomed(Endpoints.ws(base, "ws"), Tokens.valid("carol"))) {
            client.send("echo", "e", Json.createObjectBuilder().add("n", 7).build());
            JsonObject echo = client.next();
            assertEquals("echo", echo.getString("type"));
            assertEquals(7, echo.getJsonObject("data").getInt("n"));
        }
    }
}
