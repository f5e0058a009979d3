package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.client.Frame;
import dev.gatehouse.examples.chat.Chat;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.test.TestConnection;
import dev.gatehouse.testkit.cluster.ClusterNodes;
import jakarta.json.Json;

/**
 * The example chat across two nodes: a standalone node in the test JVM with the chat bean the WAR
 * runs ({@code handlers(new Chat())}), and a client on each node joining one room, its messages
 * crossing both ways.
 */
final class ChatAcrossNodes {
    private ChatAcrossNodes() {
    }

    /** A started standalone node admitting handshakes, with the chat bean, on this backplane (or the one its settings name when null). */
    static GatehouseServer standaloneNode(ConfigSource config, Backplane backplane) {
        Gatehouse.Builder builder = Gatehouse.builder().config(GatehouseConfig.from(config).build())
                .handlers(new Chat());
        if (backplane != null) {
            builder.backplane(backplane);
        }
        return ClusterNodes.ready(GatehouseServer.builder(builder.build()).port(0).build().start());
    }

    /**
     * The war's client joins {@code room}, then the other's (presence counts both nodes' members and
     * tells the first), and each says something that both receive, sender included.
     */
    static void crossBothWays(String room, TestConnection onWar, String warUser, TestConnection onOther, String otherUser) {
        join(onWar, room, 1);
        join(onOther, room, 2);
        Frame joined = onWar.next();
        assertEquals("member_joined", joined.data().getString("event"), joined.toString());
        assertEquals(otherUser, joined.data().getString("user_id"));

        say(onWar, room, "from the war");
        assertMessage(onWar, warUser, "from the war");
        assertMessage(onOther, warUser, "from the war");
        say(onOther, room, "from the other node");
        assertMessage(onOther, otherUser, "from the other node");
        assertMessage(onWar, otherUser, "from the other node");
    }

    private static void join(TestConnection client, String room, int members) {
        client.send("chat.join", "j", Json.createObjectBuilder().add("room", room).build());
        Frame answer = client.next();
        assertEquals("chat.joined", answer.type(), answer.toString());
        assertEquals(members, answer.data().getInt("members"), answer.toString());
    }

    private static void say(TestConnection client, String room, String text) {
        client.send("chat.send", "s", Json.createObjectBuilder().add("room", room).add("text", text).build());
    }

    private static void assertMessage(TestConnection client, String from, String text) {
        Frame message = client.next();
        assertEquals("chat.message", message.type(), message.toString());
        assertEquals(from, message.data().getString("from"));
        assertEquals(text, message.data().getString("text"));
    }
}
