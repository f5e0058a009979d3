package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.client.Frame;
import dev.gatehouse.it.war.app.BroadcastHandler;
import dev.gatehouse.it.war.app.GatehouseTopic;
import dev.gatehouse.it.war.app.RoomSendHandler;
import dev.gatehouse.it.war.slow.RoomJoinHandler;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Gatehouse nodes meeting on WildFly's own ActiveMQ Artemis ({@code standalone-full.xml}): two
 * WARs, each with {@code gatehouse-jms} in WEB-INF/lib and nothing of JMS (the server brings it),
 * configured by their properties alone. The first declares the topic
 * ({@code @JMSDestinationDefinition}, bound at {@code java:global/jms/gatehouse}) and uses the
 * server's default connection factory, container-managed ({@code java:comp/DefaultJMSConnectionFactory},
 * where a message listener is forbidden); the second uses the plain in-VM one
 * ({@code java:/ConnectionFactory}). Room frames and a broadcast cross both ways, once each.
 */
@Tag("wildfly-full")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JmsClusterOnWildFlyIT {

    @Deployment(name = "managed", order = 1, testable = false)
    static WebArchive onTheManagedFactory() {
        return node("managed", "java:comp/DefaultJMSConnectionFactory").addClass(GatehouseTopic.class);
    }

    @Deployment(name = "plain", order = 2, testable = false)
    static WebArchive onThePlainFactory() {
        return node("plain", "java:/ConnectionFactory");
    }

    private static WebArchive node(String name, String connectionFactory) {
        Map<String, String> config = Wars.withKey();
        config.put("gatehouse.cluster.node-id", name + "-node");
        config.put("gatehouse.cluster.jms.connection-factory", connectionFactory);
        config.put("gatehouse.cluster.jms.topic", GatehouseTopic.JNDI_NAME);
        config.put("gatehouse.cluster.secret", Wars.CLUSTER_SECRET);
        return Wars.war(name, config, RoomJoinHandler.class, RoomSendHandler.class, BroadcastHandler.class)
                .addAsLibraries(Wars.backplaneLibraries("jms"));
    }

    @ArquillianResource
    @OperateOnDeployment("managed")
    URL managed;

    @ArquillianResource
    @OperateOnDeployment("plain")
    URL plain;

    @Test
    void roomFramesAndABroadcastCrossBetweenTwoDeploymentsThroughTheServersBroker() {
        try (TestConnection onManaged = TestConnection.welcomed(Endpoints.ws(managed, "ws"), Tokens.valid("alice"));
             TestConnection onPlain = TestConnection.welcomed(Endpoints.ws(plain, "ws"), Tokens.valid("bob"))) {
            join(onManaged);
            join(onPlain);

            onManaged.send("room.send", room("from the managed factory's node"));
            assertText(onManaged, "room.msg", "from the managed factory's node");
            assertText(onPlain, "room.msg", "from the managed factory's node");
            onPlain.send("room.send", room("from the plain factory's node"));
            assertText(onPlain, "room.msg", "from the plain factory's node");
            assertText(onManaged, "room.msg", "from the plain factory's node");

            onPlain.send("chat.send", Json.createObjectBuilder().add("text", "to everyone").build());
            assertText(onPlain, "chat.message", "to everyone");
            assertText(onManaged, "chat.message", "to everyone");
            onManaged.assertNothingWithin(Duration.ofMillis(300)); // one copy each
            onPlain.assertNothingWithin(Duration.ofMillis(100));
        }
    }

    private static JsonObject room(String text) {
        return Json.createObjectBuilder().add("room", "lobby").add("text", text).build();
    }

    private static void join(TestConnection client) {
        client.send("room.join", "j", Json.createObjectBuilder().add("room", "lobby").build());
        Frame answer = client.next();
        assertEquals("room.joined", answer.type(), answer.toString());
    }

    private static void assertText(TestConnection client, String type, String text) {
        Frame f = client.next();
        assertEquals(type, f.type(), f.toString());
        assertEquals(text, f.data().getString("text"), f.toString());
    }
}
