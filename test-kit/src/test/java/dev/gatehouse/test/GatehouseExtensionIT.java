package dev.gatehouse.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.gatehouse.GatehouseServer;
import jakarta.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension's life cycle, run in a nested JUnit platform: one server per class on a static
 * field, one per test on an instance field, injected connections welcomed as their user and closed
 * after each test, handlers from the builder or from ServiceLoader.
 */
class GatehouseExtensionIT {
    @Test
    void aStaticExtensionServesTheWholeClassAndClosesEachTestsConnections() {
        assertAllPassed(OneServerPerClass.class, 2);
    }

    @Test
    void anInstanceExtensionStartsAServerPerTest() {
        PerTestServers.URIS.clear();
        assertAllPassed(PerTestServers.class, 2);
        assertNotEquals(PerTestServers.URIS.get(0), PerTestServers.URIS.get(1));
    }

    @Test
    void handlersRegisteredWithServiceLoaderAnswer() {
        assertAllPassed(ServiceLoaderHandlers.class, 1);
    }

    @Test
    void aFailingFrameAssertionFailsTheTestThatMadeIt() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(WrongExpectation.class)).execute().testEvents();
        tests.assertStatistics(s -> s.started(1).failed(1));
    }

    private static void assertAllPassed(Class<?> sample, int tests) {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().testEvents();
        events.failed().stream().forEach(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .ifPresent(Throwable::printStackTrace));
        events.assertStatistics(s -> s.started(tests).succeeded(tests));
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OneServerPerClass {
        @RegisterExtension
        static final GatehouseExtension GATEHOUSE = GatehouseExtension.withHandlers(SampleHandlers::addTo);
        static URI first;

        @Test
        @Order(1)
        void connectionsAreWelcomedAsTheirUser(TestConnection defaultUser, @ConnectAs("alice") TestConnection alice,
                GatehouseServer server) {
            first = server.uri();
            assertEquals(GatehouseExtension.DEFAULT_USER, defaultUser.welcome().userId());
            assertEquals("alice", alice.welcome().userId());
            assertEquals(2, server.gatehouse().connections().count());
        }

        @Test
        @Order(2)
        void theNextTestFindsTheSameServerWithNoConnectionLeft(GatehouseServer server) throws InterruptedException {
            assertEquals(first, server.uri());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.gatehouse().connections().count() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, server.gatehouse().connections().count());
        }
    }

    static class PerTestServers {
        static final List<URI> URIS = new ArrayList<>();

        @RegisterExtension
        final GatehouseExtension gatehouse = GatehouseExtension.withHandlers(SampleHandlers::addTo);

        @Test
        void first(URI uri, TestConnection connection) {
            URIS.add(uri);
            connection.send("echo", "1", Json.createObjectBuilder().build()).assertReply("1");
        }

        @Test
        void second(URI uri) {
            URIS.add(uri);
        }
    }

    static class ServiceLoaderHandlers {
        @RegisterExtension
        static final GatehouseExtension GATEHOUSE = GatehouseExtension.withServices();

        @Test
        void echoAnswers(TestConnection connection) {
            connection.send("echo", "1", Json.createObjectBuilder().add("a", 1).build());
            assertEquals(1, connection.assertReply("1").data().getInt("a"));
        }
    }

    static class WrongExpectation {
        @RegisterExtension
        static final GatehouseExtension GATEHOUSE = GatehouseExtension.withHandlers(SampleHandlers::addTo);

        @Test
        void expectsAnEchoFromAFailingHandler(TestConnection connection) {
            connection.send("fail", "1", Json.createObjectBuilder().build()).assertReply("1");
        }
    }
}
