package dev.gatehouse.internal.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.RuntimeBuilder;
import dev.gatehouse.internal.lifecycle.ManualClock;
import dev.gatehouse.spi.ReadinessCheck;
import dev.gatehouse.testkit.JwksServer;
import dev.gatehouse.testkit.TestKeys;
import dev.gatehouse.testkit.TestServer;
import jakarta.servlet.ServletContext;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The WAR's MicroProfile Health readiness check over a runtime, without a server, and the beans.xml that guards it. */
class GatehouseReadinessTest {
    private final List<GatehouseRuntime> runtimes = new ArrayList<>();
    private final ManualClock clock = ManualClock.atNow();

    @AfterEach
    void shutDown() {
        runtimes.forEach(r -> r.shutdown(Duration.ZERO));
    }

    @Test
    void upWithEveryGatehouseCheckInTheData() {
        HealthCheckResponse up = readiness(Duration.ofSeconds(5), b -> b.readinessCheck(named("database", () -> true)))
                .call();
        assertEquals("gatehouse", up.getName());
        assertEquals(Status.UP, up.getStatus());
        assertEquals(Map.of("gatehouse-server", "UP", "gatehouse-backplane", "UP", "gatehouse-backplane engine", "none",
                "database", "UP"), data(up));
    }

    @Test
    void downWhileAnApplicationCheckFailsAndUpAgainAfter() {
        AtomicBoolean databaseUp = new AtomicBoolean(true);
        GatehouseReadiness readiness = readiness(Duration.ofSeconds(5),
                b -> b.readinessCheck(named("database", databaseUp::get)));
        assertEquals(Status.UP, readiness.call().getStatus());
        databaseUp.set(false);
        assertEquals(Status.UP, readiness.call().getStatus(), "an answer serves every probe for a second");
        clock.advance(Duration.ofSeconds(1));
        HealthCheckResponse down = readiness.call();
        assertEquals(Status.DOWN, down.getStatus());
        assertEquals("DOWN: not ready", data(down).get("database"));
        assertEquals("UP", data(down).get("gatehouse-server"));
        databaseUp.set(true);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Status.UP, readiness.call().getStatus());
    }

    @Test
    void probesAtAnyRateRunACheckOnceASecond() {
        AtomicInteger runs = new AtomicInteger();
        GatehouseReadiness readiness = readiness(Duration.ofSeconds(5), b -> b.readinessCheck(named("database", () -> {
            runs.incrementAndGet();
            return true;
        })));
        for (int i = 0; i < 100; i++) {
            assertEquals(Status.UP, readiness.call().getStatus());
        }
        assertEquals(1, runs.get());
        clock.advance(Duration.ofSeconds(1));
        readiness.call();
        assertEquals(2, runs.get());
    }

    @Test
    void aCheckThatHangsIsNotStartedAgainWhileItStillRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try {
            GatehouseReadiness readiness = readiness(Duration.ofMillis(200), b -> b.readinessCheck(named("hangs", () -> {
                runs.incrementAndGet();
                release.await();
                return true;
            })));
            assertEquals("DOWN: no answer within 200 ms", data(readiness.call()).get("hangs"));
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                assertEquals("DOWN: still running after 200 ms", data(readiness.call()).get("hangs"));
            }
            assertEquals(1, runs.get(), "one thread holds the hanging check, not one per probe");
            release.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Status status;
            do {
                clock.advance(Duration.ofSeconds(1));
                status = readiness.call().getStatus();
            } while (status != Status.UP && System.nanoTime() < deadline);
            assertEquals(Status.UP, status, "once it returns, the check runs again");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aHangingCheckIsDownWithinTheReadyTimeoutAndAThrowingOneShowsOnlyItsExceptionClass() {
        CountDownLatch never = new CountDownLatch(1);
        try {
            GatehouseReadiness readiness = readiness(Duration.ofMillis(300), b -> b
                    .readinessCheck(named("hangs", () -> {
                        never.await();
                        return true;
                    }))
                    .readinessCheck(named("throws", () -> {
                        throw new IllegalStateException("secret-token");
                    })));
            long start = System.nanoTime();
            HealthCheckResponse down = readiness.call();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Status.DOWN, down.getStatus());
            assertTrue(millis < 1000, "answered in " + millis + " ms");
            assertEquals("DOWN: no answer within 300 ms", data(down).get("hangs"));
            assertEquals("DOWN: threw java.lang.IllegalStateException", data(down).get("throws"));
            assertFalse(data(down).toString().contains("secret"), data(down).toString());
        } finally {
            never.countDown();
        }
    }

    @Test
    void downWithTheReasonUntilTheFirstKeySetOfARemoteJwksArrives() throws Exception {
        try (JwksServer idp = JwksServer.serving(TestKeys.jwks(Map.of("k1", TestKeys.rsa().getPublic())))) {
            idp.goAway();
            GatehouseRuntime runtime = new RuntimeBuilder().config(GatehouseConfig.builder().publicKeyLocation(idp.url())
                    .jwksAllowHttp(true).jwksRefreshInterval(Duration.ofMillis(100)).build()).build();
            runtimes.add(runtime);
            GatehouseReadiness readiness = new GatehouseReadiness(() -> runtime);

            HealthCheckResponse down = readiness.call();
            assertEquals(Status.DOWN, down.getStatus());
            String keys = String.valueOf(data(down).get("gatehouse-keys"));
            assertTrue(keys.startsWith("DOWN: no key set yet from mp.jwt.verify.publickey.location"), keys);

            idp.comeBack();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            HealthCheckResponse now = readiness.call();
            while (now.getStatus() == Status.DOWN && System.nanoTime() < deadline) {
                Thread.sleep(20);
                now = readiness.call();
            }
            assertEquals(Status.UP, now.getStatus(), () -> data(down).toString());
            assertEquals("UP", data(now).get("gatehouse-keys"));
        }
    }

    @Test
    void aDrainingServerIsDown() {
        GatehouseRuntime runtime = runtime(Duration.ofSeconds(5), b -> { });
        runtime.drain();
        HealthCheckResponse down = new GatehouseReadiness(() -> runtime).call();
        assertEquals(Status.DOWN, down.getStatus());
        assertEquals("DOWN: stopping", data(down).get("gatehouse-server"));
    }

    @Test
    void beforeTheApplicationDeployedGatehouseItIsDown() {
        HealthCheckResponse down = new GatehouseReadiness(() -> {
            throw new IllegalStateException("Gatehouse is not deployed in this application");
        }).call();
        assertEquals(Status.DOWN, down.getStatus());
        assertEquals(Map.of("gatehouse-server", "DOWN: not deployed"), data(down));
    }

    @Test
    void checksThatShareANameAreEachInTheData() {
        HealthCheckResponse down = readiness(Duration.ofSeconds(5), b -> b
                .readinessCheck(named("cache", () -> true))
                .readinessCheck(named("cache", () -> false))).call();
        assertEquals("UP", data(down).get("cache"));
        assertEquals("DOWN: not ready", data(down).get("cache (2)"));
    }

    @Test
    void theJarsBeansXmlExcludesThisClassWhereMicroProfileHealthOrTheServletApiIsMissing() throws Exception {
        Document beans;
        try (InputStream in = GatehouseReadiness.class.getResourceAsStream("/META-INF/beans.xml")) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            beans = factory.newDocumentBuilder().parse(in);
        }
        assertEquals("annotated", beans.getDocumentElement().getAttribute("bean-discovery-mode"));
        NodeList excludes = beans.getElementsByTagNameNS("*", "exclude");
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < excludes.getLength(); i++) {
            Element exclude = (Element) excludes.item(i);
            assertEquals(GatehouseReadiness.class.getName(), exclude.getAttribute("name"));
            Element condition = (Element) exclude.getElementsByTagNameNS("*", "if-class-not-available").item(0);
            conditions.add(condition.getAttribute("name"));
        }
        assertEquals(List.of(HealthCheck.class.getName(), ServletContext.class.getName()), conditions);
    }

    private GatehouseReadiness readiness(Duration bound, Consumer<RuntimeBuilder> parts) {
        GatehouseRuntime runtime = runtime(bound, parts);
        return new GatehouseReadiness(() -> runtime);
    }

    private GatehouseRuntime runtime(Duration bound, Consumer<RuntimeBuilder> parts) {
        RuntimeBuilder builder = new RuntimeBuilder().clock(clock).config(GatehouseConfig.builder()
                .hmacSecret(TestServer.SECRET).readyTimeout(bound).build());
        parts.accept(builder);
        GatehouseRuntime runtime = builder.build();
        runtimes.add(runtime);
        return runtime;
    }

    private static Map<String, Object> data(HealthCheckResponse response) {
        return response.getData().orElseThrow();
    }

    private static ReadinessCheck named(String name, ReadinessCheck check) {
        return new ReadinessCheck() {
            @Override
            public boolean isReady() throws Exception {
                return check.isReady();
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
