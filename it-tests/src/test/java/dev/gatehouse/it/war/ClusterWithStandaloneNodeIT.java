package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.AsyncMessageHandler;
import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.MessageHandler;
import dev.gatehouse.client.Frame;
import dev.gatehouse.examples.chat.ChatRooms;
import dev.gatehouse.redis.RedisServer;
import dev.gatehouse.test.TestConnection;
import jakarta.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same jar as a cluster node in either place: the {@code examples/war} chat WAR with
 * {@code gatehouse-redis} in WEB-INF/lib, deployed to the container, and a standalone Gatehouse
 * server in this JVM with the same chat handlers, both on one real redis-server this test starts. A
 * client on each joins one room; messages and presence cross both ways.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClusterWithStandaloneNodeIT {
    private static final String CONFIG = "/WEB-INF/classes/META-INF/microprofile-config.properties";
    /** Started before the deployment, whose configuration names it. */
    private static final RedisServer REDIS = RedisServer.start();
    private static GatehouseServer standalone;

    @Deployment(testable = false)
    static WebArchive chatOnRedis() throws IOException {
        File war = new File(System.getProperty("gatehouse.example-war", "target/example/gatehouse-example-war.war"));
        WebArchive chat = ShrinkWrap.create(WebArchive.class, "chat.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, war))
                .addAsLibraries(redisLibraries());
        String config;
        try (InputStream in = chat.get(CONFIG).getAsset().openStream()) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        chat.delete(CONFIG);
        return chat.add(new StringAsset(config + "\ngatehouse.jwt.secret=" + Wars.SECRET
                + "\ngatehouse.cluster.node-id=war-node\ngatehouse.cluster.redis.uri=" + REDIS.uri() + "\n"), CONFIG);
    }

    /** {@code gatehouse-redis} and Lettuce with what it needs, as an application adds them (copied by the build). */
    private static File[] redisLibraries() {
        File dir = new File(System.getProperty("gatehouse.redis-libs", "target/redis-libs"));
        File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || Arrays.stream(jars).noneMatch(j -> j.getName().startsWith("gatehouse-redis"))) {
            throw new IllegalStateException("Expected gatehouse-redis and Lettuce in " + dir.getAbsolutePath()
                    + " (maven-dependency-plugin copies them), found " + Arrays.toString(jars));
        }
        return jars;
    }

    private static synchronized GatehouseServer standalone() {
        if (standalone == null) {
            ConfigSource config = ConfigSource.of(Map.of("gatehouse.jwt.secret", Wars.SECRET,
                    "gatehouse.cluster.node-id", "standalone-node", "gatehouse.cluster.redis.uri", REDIS.uri(),
                    "gatehouse.presence.rooms", "chat:*"));
            Gatehouse gatehouse = Gatehouse.builder().config(GatehouseConfig.from(config).build())
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
        REDIS.close();
    }

    @ArquillianResource
    URL base;

    @Test
    void aRoomMessageCrossesBetweenTheWarAndTheStandaloneNodeBothWays() {
        try (TestConnection onWar = TestConnection.welcomed(Endpoints.ws(base, "ws"), Tokens.valid("alice"));
             TestConnection onStandalone = TestConnection.welcomed(standalone().uri(), Tokens.valid("bob"))) {
            join(onWar, 1);
            join(onStandalone, 2); // presence counts the member on the other node
            Frame joined = onWar.next();
            assertEquals("member_joined", joined.data().getString("event"), joined.toString());
            assertEquals("bob", joined.data().getString("user_id"));

            say(onWar, "from the war");
            assertMessage(onWar, "alice", "from the war");
            assertMessage(onStandalone, "alice", "from the war");
            say(onStandalone, "from the standalone node");
            assertMessage(onStandalone, "bob", "from the standalone node");
            assertMessage(onWar, "bob", "from the standalone node");
        }
    }

    private static void join(TestConnection client, int members) {
        client.send("chat.join", "j", Json.createObjectBuilder().add("room", "lobby").build());
        Frame answer = client.next();
        assertEquals("chat.joined", answer.type(), answer.toString());
        assertEquals(members, answer.data().getInt("members"), answer.toString());
    }

    private static void say(TestConnection client, String text) {
        client.send("chat.send", "s", Json.createObjectBuilder().add("room", "lobby").add("text", text).build());
    }

    private static void assertMessage(TestConnection client, String from, String text) {
        Frame message = client.next();
        assertEquals("chat.message", message.type(), message.toString());
        assertEquals(from, message.data().getString("from"));
        assertEquals(text, message.data().getString("text"));
    }
}
