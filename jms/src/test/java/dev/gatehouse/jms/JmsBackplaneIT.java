package dev.gatehouse.jms;

import static dev.gatehouse.testkit.cluster.ClusterNodes.await;
import static dev.gatehouse.testkit.cluster.ClusterNodes.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.jms.internal.TopicBackplane;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.BackplaneProvider;
import dev.gatehouse.spi.HistoryStore;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backplane contract on its own, against a real Artemis broker: what the receiver gets (its
 * own messages and other rooms' never), per-topic order, a full publish queue's answer, fail-fast
 * publishes while the broker is away and one report each way, refused credentials at startup, and
 * a durable subscription that holds a node's messages while the node is cut off and is removed when
 * it closes.
 */
class JmsBackplaneIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TTL = Duration.ofSeconds(10);

    /** Records what a backplane delivers. */
    static final class Recorder implements Backplane.Receiver {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<Boolean> changes = new CopyOnWriteArrayList<>();

        @Override
        public void receive(String topic, String message) {
            messages.add(topic + "|" + message);
        }

        @Override
        public void receive(String topic, HistoryStore.Position position, String message) {
            throw new AssertionError("JMS keeps no history, yet a positioned message came: " + message);
        }

        @Override
        public void connectionChanged(boolean connected) {
            changes.add(connected);
        }

        List<String> on(String topic) {
            return messages.stream().filter(m -> m.startsWith(topic + "|")).map(m -> m.substring(topic.length() + 1))
                    .toList();
        }

        /** The changes reported are these, once all told (the first, "not yet connected", left out). */
        void assertTransitions(Boolean... expected) {
            List<Boolean> want = List.of(expected);
            try {
                await("transitions " + want, WAIT, () -> transitions().equals(want));
            } catch (AssertionError late) {
                assertEquals(want, transitions());
            }
        }

        List<Boolean> transitions() {
            List<Boolean> c = new ArrayList<>(changes);
            if (!c.isEmpty() && !c.get(0)) {
                c.remove(0);
            }
            return c;
        }
    }

    private static Backplane fromSettings(ArtemisBroker broker, String node, Map<String, String> more) {
        Map<String, String> s = new HashMap<>(broker.nodeSettings());
        s.putAll(more);
        return JmsBackplane.create(ConfigSource.of(s), new BackplaneProvider.Node(node, TTL));
    }

    private static ConnectionFactory factory(ArtemisBroker broker) {
        return new ActiveMQConnectionFactory(broker.url() + "?" + ArtemisBroker.URL_OPTIONS);
    }

    @Test
    void subscribedTopicsArriveUnchangedAndInOrderWhileOwnOtherRoomsAndForeignMessagesDoNot() throws Exception {
        try (ArtemisBroker broker = ArtemisBroker.start()) {
            Backplane x = fromSettings(broker, "x", Map.of());
            Backplane y = fromSettings(broker, "y", Map.of());
            Recorder rx = new Recorder();
            Recorder ry = new Recorder();
            try {
                x.start(rx);
                y.start(ry);
                assertTrue(x.connected() && y.connected(), "connected once open returned");
                rx.assertTransitions(true);
                assertEquals("jms", x.engine());
                assertTrue(x.topology().matches("topic \"gatehouse\" via ConnectionFactory at tcp://127\\.0\\.0\\.1:\\d+"
                        + " \\(ActiveMQ.* 2\\.44\\.0\\)"), x.topology());
                assertTrue(x.presenceStore().isEmpty() && x.historyStore().isEmpty(), "JMS keeps no store");

                x.publish("all", "to everyone").toCompletableFuture().get(2, TimeUnit.SECONDS);
                await("all", WAIT, () -> ry.on("all").contains("to everyone"));
                y.subscribe("room:a");
                x.publish("room:b", "not subscribed");
                String text = "G1 R origin 1 6 0\nroom:a{\"type\":\"x\",\"data\":\"ü ✓\"}";
                x.publish("room:a", text);
                await("room:a", WAIT, () -> ry.on("room:a").contains(text));
                foreign(broker, "no gatehouse_topic property");

                ry.messages.clear();
                for (int i = 0; i < 10_000; i++) {
                    x.publish("room:a", Integer.toString(i));
                }
                await("10,000 in room:a", WAIT, () -> ry.on("room:a").size() >= 10_000);
                List<String> got = ry.on("room:a");
                for (int i = 0; i < 10_000; i++) {
                    assertEquals(Integer.toString(i), got.get(i));
                }
                assertEquals(10_000, got.size());

                y.unsubscribe("room:a");
                x.publish("room:a", "after unsubscribe");
                x.publish("all", "fence").toCompletableFuture().get(2, TimeUnit.SECONDS);
                await("fence", WAIT, () -> ry.on("all").contains("fence"));
                assertEquals(10_000, ry.on("room:a").size(), "a room unsubscribed arrived");
                assertFalse(ry.messages.stream().anyMatch(m -> m.startsWith("room:b|")), "an unsubscribed room arrived");
                assertEquals(List.of(), rx.messages, "a node received messages of its own");
                await("the foreign message counted", WAIT, () -> ((TopicBackplane) y).foreign() == 1);
            } finally {
                x.close();
                y.close();
            }
            await("every connection closed", WAIT, () -> broker.connections() == 0);
        }
    }

    /** Sends a message to the topic that is not Gatehouse's: no {@code gatehouse_topic}. */
    private static void foreign(ArtemisBroker broker, String text) throws Exception {
        try (Connection c = factory(broker).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("gatehouse");
            MessageProducer p = s.createProducer(t);
            var m = s.createTextMessage(text);
            m.setStringProperty("gatehouse_node", "someone else");
            p.send(m);
        }
    }

    @Test
    void aFullPublishQueueFailsThePublishAtOnceAndCountsItAndTheQueuedOnesGoOutInOrder() throws Exception {
        try (ArtemisBroker broker = ArtemisBroker.start()) {
            FaultyFactory slow = new FaultyFactory(factory(broker));
            Backplane x = JmsBackplane.builder(slow.factory()).publishQueue(100)
                    .build(new BackplaneProvider.Node("x", TTL));
            Backplane y = JmsBackplane.create(factory(broker), topic(broker), new BackplaneProvider.Node("y", TTL));
            Recorder ry = new Recorder();
            try {
                x.start(new Recorder());
                y.start(ry);
                slow.closeGate();
                List<CompletableFuture<?>> sent = new ArrayList<>();
                sent.add(x.publish("all", "0").toCompletableFuture());
                assertTrue(slow.awaitSendAtGate(), "the first send never reached the broker's door");
                long t = System.nanoTime();
                for (int i = 1; i < 150; i++) {
                    sent.add(x.publish("all", Integer.toString(i)).toCompletableFuture());
                }
                long callsMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
                List<CompletableFuture<?>> refused = sent.stream().filter(CompletableFuture::isCompletedExceptionally).toList();
                assertEquals(49, refused.size(), "beyond the 100 waiting, a publish fails at once");
                assertTrue(refused.get(0).handle((ok, e) -> e instanceof RejectedExecutionException).join());
                assertEquals(49, ((TopicBackplane) x).queueFull());
                slow.openGate();
                await("the 101 queued", WAIT, () -> ry.on("all").size() == 101);
                List<String> expected = new ArrayList<>();
                for (int i = 0; i <= 100; i++) {
                    expected.add(Integer.toString(i));
                }
                assertEquals(expected, ry.on("all"));
                assertTrue(callsMs < 200, "149 publish calls took " + callsMs + " ms");
            } finally {
                slow.openGate();
                x.close();
                y.close();
            }
        }
    }

    private static Topic topic(ArtemisBroker broker) throws Exception {
        try (Connection c = factory(broker).createConnection()) {
            return c.createSession(false, Session.AUTO_ACKNOWLEDGE).createTopic("gatehouse");
        }
    }

    @Test
    void withoutTheBrokerPublishesFailAtOnceTheNodeReportsOnceEachWayAndReconnectsByItself() throws Exception {
        try (ArtemisBroker broker = ArtemisBroker.start()) {
            Backplane x = fromSettings(broker, "x", Map.of());
            Backplane y = fromSettings(broker, "y", Map.of());
            Recorder rx = new Recorder();
            Recorder ry = new Recorder();
            try {
                x.start(rx);
                y.start(ry);
                rx.assertTransitions(true);
                ry.assertTransitions(true);

                broker.stop();
                Duration noticed = await("not connected", WAIT, () -> !x.connected());
                long worstMs = 0;
                List<CompletableFuture<?>> lost = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    long s = System.nanoTime();
                    lost.add(x.publish("all", "lost " + i).toCompletableFuture());
                    worstMs = Math.max(worstMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s));
                }
                for (CompletableFuture<?> f : lost) {
                    assertTrue(f.isCompletedExceptionally(), "a publish without a broker did not fail at once");
                }
                assertTrue(worstMs < 200, "a publish call took " + worstMs + " ms");
                rx.assertTransitions(true, false);

                pause(1500);
                broker.run();
                Duration back = await("connected again", WAIT, () -> x.connected() && y.connected());
                rx.assertTransitions(true, false, true);
                ry.assertTransitions(true, false, true);
                x.publish("all", "after").toCompletableFuture().get(2, TimeUnit.SECONDS);
                await("delivery after", WAIT, () -> ry.on("all").contains("after"));
                assertFalse(ry.on("all").stream().anyMatch(m -> m.startsWith("lost")), "a failed publish arrived");

                broker.stop();
                await("not connected again", WAIT, () -> !x.connected());
                long c = System.nanoTime();
                x.close();
                long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c);
                assertTrue(closeMs < 3000, "close without a broker took " + closeMs + " ms");
                System.out.printf("JMS-BACKPLANE: broker stopped: noticed after %d ms, 1000 publishes failed at once"
                        + " (slowest call %d ms); broker back after 1.5 s: both nodes connected %d ms after it"
                        + " answered; close without a broker %d ms%n", noticed.toMillis(), worstMs, back.toMillis(),
                        closeMs);
            } finally {
                x.close();
                y.close();
            }
        }
    }

    @Test
    void refusedCredentialsFailAtStartupNamingTheUserWithoutThePasswordAndLeaveNoConnection() {
        try (ArtemisBroker broker = ArtemisBroker.start(true)) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> fromSettings(broker, "x",
                    Map.of("gatehouse.cluster.jms.password", "not-the-password")));
            assertEquals("gatehouse.cluster.jms.username", e.property());
            assertTrue(e.getMessage().contains("refused the credentials of user 'gatehouse'"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
            assertEquals(0, broker.connections());

            Backplane x = fromSettings(broker, "x", Map.of());
            try {
                assertTrue(x.connected(), "the right password connects");
            } finally {
                x.close();
            }
        }
    }

    @Test
    void theTypedBuilderReadsThePasswordFromAFileAndAnUnreadableFileFailsNamingItsProperty(@TempDir Path dir)
            throws Exception {
        try (ArtemisBroker broker = ArtemisBroker.start(true)) {
            Path file = Files.writeString(dir.resolve("jms-password"), ArtemisBroker.PASSWORD + "\n");
            Backplane x = JmsBackplane.builder(factory(broker)).topicName("gatehouse")
                    .credentials(ArtemisBroker.USER, file).build(new BackplaneProvider.Node("x", TTL));
            try {
                assertTrue(x.connected(), "the password from the file connects");
            } finally {
                x.close();
            }
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> JmsBackplane
                    .builder(factory(broker)).credentials(ArtemisBroker.USER, dir.resolve("missing"))
                    .build(new BackplaneProvider.Node("y", TTL)));
            assertEquals("gatehouse.cluster.jms.password-file", e.property());
            assertEquals(0, broker.connections());
        }
    }

    @Test
    void aDurableSubscriptionHoldsWhatIsPublishedWhileItsNodeIsCutOffAndIsRemovedWhenTheNodeCloses()
            throws Exception {
        try (ArtemisBroker broker = ArtemisBroker.start()) {
            FaultyFactory toY = new FaultyFactory(factory(broker));
            Backplane x = JmsBackplane.create(factory(broker), topic(broker), new BackplaneProvider.Node("x", TTL));
            Backplane y = JmsBackplane.builder(toY.factory()).durable(true).persistent(true)
                    .build(new BackplaneProvider.Node("y", TTL));
            Recorder ry = new Recorder();
            try {
                x.start(new Recorder());
                y.start(ry);
                assertTrue(y.topology().endsWith(", durable subscriptions, persistent"), y.topology());
                assertTrue(broker.hasQueueContaining("gatehouse.gatehouse.y"), "no durable subscription at the broker");
                y.subscribe("room:d");
                x.publish("room:d", "before").toCompletableFuture().get(2, TimeUnit.SECONDS);
                await("before", WAIT, () -> ry.on("room:d").contains("before"));

                toY.cut();
                await("y cut off", WAIT, () -> !y.connected());
                for (int i = 0; i < 10; i++) {
                    x.publish("room:d", "while away " + i).toCompletableFuture().get(2, TimeUnit.SECONDS);
                }
                toY.heal();
                await("the ten held for y", WAIT, () -> ry.on("room:d").size() == 11);
                List<String> expected = new ArrayList<>(List.of("before"));
                for (int i = 0; i < 10; i++) {
                    expected.add("while away " + i);
                }
                assertEquals(expected, ry.on("room:d"));

                y.close();
                assertFalse(broker.hasQueueContaining("gatehouse.gatehouse.y"), "the durable subscription outlived its node");
            } finally {
                x.close();
                y.close();
            }
        }
    }
}
