package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.gatehouse.AsyncMessageHandler;
import dev.gatehouse.BackplaneProvider;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.MessageHandler;
import dev.gatehouse.client.Frame;
import dev.gatehouse.examples.chat.ChatRooms;
import dev.gatehouse.hazelcast.HazelcastBackplane;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Payara Micro only. The {@code examples/war} chat WAR with {@code gatehouse-hazelcast} (and no
 * Hazelcast jar) in WEB-INF/lib and {@code gatehouse.cluster.hazelcast.instance=payara}: it uses
 * Payara's own Hazelcast member. A standalone Gatehouse node in this JVM joins the same Hazelcast
 * cluster as a client (Payara Micro's default cluster name, ports 6900 and up on loopback). A client on each joins one room; messages and presence cross both ways.
 */
@Tag("payara-micro")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HazelcastOnPayaraIT {
    private static final String CONFIG = "/WEB-INF/classes/META-INF/microprofile-config.properties";
    /**
     * Payara Micro's default data grid name. Its Arquillian adapter starts it with {@code --nocluster}
     * (no multicast discovery: it joins no other Payara Micro), and its member still runs, on port
     * 6900 or the next free one.
     */
    private static final String CLUSTER = "development";
    private static HazelcastInstance hazelcastClient;
    private static GatehouseServer standalone;

    @Deployment(testable = false)
    static WebArchive chatOnPayarasHazelcast() throws IOException {
        File war = new File(System.getProperty("gatehouse.example-war", "target/example/gatehouse-example-war.war"));
        WebArchive chat = ShrinkWrap.create(WebArchive.class, "hzchat.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, war))
                .addAsLibraries(hazelcastLibraries());
        String config;
        try (InputStream in = chat.get(CONFIG).getAsset().openStream()) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        chat.delete(CONFIG);
        return chat.add(new StringAsset(config + "\ngatehouse.jwt.secret=" + Wars.SECRET
                + "\ngatehouse.cluster.node-id=payara-node\ngatehouse.cluster.hazelcast.instance=payara\n"), CONFIG);
    }

    /** {@code gatehouse-hazelcast} alone, as an application on Payara adds it (copied by the build). */
    private static File[] hazelcastLibraries() {
        File dir = new File(System.getProperty("gatehouse.hazelcast-libs", "target/hazelcast-libs"));
        File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length != 1 || !jars[0].getName().startsWith("gatehouse-hazelcast")) {
            throw new IllegalStateException("Expected gatehouse-hazelcast alone in " + dir.getAbsolutePath()
                    + ", found " + Arrays.toString(jars));
        }
        return jars;
    }

    private static synchronized GatehouseServer standalone() {
        if (standalone == null) {
            ClientConfig client = new ClientConfig().setClusterName(CLUSTER);
            client.setProperty("hazelcast.logging.type", "jdk");
            client.setProperty("hazelcast.phone.home.enabled", "false");
            for (int port = 6900; port < 6906; port++) {
                client.getNetworkConfig().addAddress("127.0.0.1:" + port);
            }
            client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
            hazelcastClient = HazelcastClient.newHazelcastClient(client);
            ConfigSource config = ConfigSource.of(Map.of("gatehouse.jwt.secret", Wars.SECRET,
                    "gatehouse.cluster.node-id", "standalone-node", "gatehouse.presence.rooms", "chat:*"));
            Gatehouse gatehouse = Gatehouse.builder().config(GatehouseConfig.from(config).build())
                    .backplane(HazelcastBackplane.create(hazelcastClient, config,
                            new BackplaneProvider.Node("standalone-node", Duration.ofSeconds(10))))
                    .handler(AsyncMessageHandler.of("chat.join", ChatRooms.Join.class, ChatRooms::join))
                    .handler(MessageHandler.of("chat.send", ChatRooms.Send.class, ChatRooms::send))
                    .build();
            standalone = GatehouseServer.builder(gatehouse).port(0).build().start();
        }
        return standalone;
    }

    @AfterAll
    static void stop() {
        if (standalone != null) {
            standalone.stop();
        }
        if (hazelcastClient != null) {
            hazelcastClient.shutdown();
        }
    }

    @ArquillianResource
    URL base;

    @Test
    void aRoomMessageCrossesBetweenTheWarOnPayarasHazelcastAndAStandaloneNodeBothWays() {
        GatehouseServer node = standalone();
        assertTrue(node.gatehouse().clusterStatus().topology().startsWith("client of cluster \"" + CLUSTER + "\""),
                node.gatehouse().clusterStatus().topology());
        try (TestConnection onWar = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"));
             TestConnection onStandalone = TestConnection.welcomed(node.uri(), Tokens.valid("bob"))) {
            join(onWar, 1);
            join(onStandalone, 2); // presence counts the member on the other node
            Frame joined = onWar.next();
            assertEquals("member_joined", joined.data().getString("event"), joined.toString());
            assertEquals("bob", joined.data().getString("user_id"));

            say(onWar, "from payara");
            assertMessage(onWar, "alice", "from payara");
            assertMessage(onStandalone, "alice", "from payara");
            say(onStandalone, "from the standalone node");
            assertMessage(onStandalone, "bob", "from the standalone node");
            assertMessage(onWar, "bob", "from the standalone node");
        }
    }

    private static void join(TestConnection client, int members) {
        client.send("chat.join", "j", Json.createObjectBuilder().add("room", "hz-lobby").build());
        Frame answer = client.next();
        assertEquals("chat.joined", answer.type(), answer.toString());
        assertEquals(members, answer.data().getInt("members"), answer.toString());
    }

    private static void say(TestConnection client, String text) {
        client.send("chat.send", "s", Json.createObjectBuilder().add("room", "hz-lobby").add("text", text).build());
    }

    private static void assertMessage(TestConnection client, String from, String text) {
        Frame message = client.next();
        assertEquals("chat.message", message.type(), message.toString());
        assertEquals(from, message.data().getString("from"));
        assertEquals(text, message.data().getString("text"));
    }
}
