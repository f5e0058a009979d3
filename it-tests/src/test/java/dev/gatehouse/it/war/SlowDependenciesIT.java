package dev.gatehouse.it.war;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.it.war.app.EchoHandler;
import dev.gatehouse.it.war.slow.Hang;
import dev.gatehouse.it.war.slow.HangControl;
import dev.gatehouse.it.war.slow.HangingHandler;
import dev.gatehouse.it.war.slow.HangingListener;
import dev.gatehouse.it.war.slow.HangingReadinessCheck;
import dev.gatehouse.it.war.slow.HangingRoomAuthorizer;
import dev.gatehouse.it.war.slow.HangingSetup;
import dev.gatehouse.it.war.slow.HangingTokenVerifier;
import dev.gatehouse.it.war.slow.NeverCompletingHandler;
import dev.gatehouse.it.war.slow.RoomJoinHandler;
import dev.gatehouse.testkit.Neighbour;
import dev.gatehouse.testkit.RawUpgrade;
import dev.gatehouse.testkit.TestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * The slow-dependencies suite on a container: every kind of application code on Gatehouse's path
 * hangs at once, ignoring interrupts (handlers, an asynchronous handler's stage, a lifecycle
 * listener, a connection setup, a readiness check, a room authorizer, the application's token
 * verifier), and each costs only its own answer, at its documented limit, while a neighbour,
 * connected first, keeps its echo round trips within a liveness bound. The neighbour's p50/p99 go
 * to {@code target/slow-dependencies-<container>.txt}.
 *
 * <p>Regressions: on WildFly the WAR's handshake filter waited for the hanging verifier on every
 * request thread it was given, and WildFly runs every WebSocket message on those threads too
 * (Undertow's {@code dispatch-to-worker}), so with more hanging handshakes than its 16 × cores
 * threads every connection stalled until the auth limit; and in a WAR the application's verifier
 * was called twice per accepted handshake (filter and configurator).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowDependenciesIT {
    private static final Duration HANDLER_LIMIT = Duration.ofSeconds(1);
    private static final Duration READY_LIMIT = Duration.ofSeconds(2);
    private static final Duration AUTH_LIMIT = Duration.ofSeconds(2);
    /** What an answer at a limit may take beyond it: the timer, the container, the loopback, a loaded CI machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);
    /** A prompt answer: a listener's user's welcome and echo; in a WAR, the newcomer's upgrade or refusal. */
    private static final Duration PROMPT = Duration.ofSeconds(1);
    /** The neighbour's liveness bound on its p99. */
    private static final Duration NEIGHBOUR_P99 = Duration.ofSeconds(1);
    /**
     * The bound on the neighbour's slowest round trip: below every limit but the handlers' (a stall
     * behind a hang lasts until that hang's limit), far above a loaded machine's noise.
     */
    private static final Duration NEIGHBOUR_MAX = Duration.ofSeconds(1);
    private static final String CONTAINER = System.getProperty("arquillian.launch", "embedded");
    private static final int HANDLERS = 12;
    private static final int ASYNC = 4;
    private static final int LISTENERS = 2;
    private static final int SETUPS = 3;
    /**
     * Handshakes the verifier hangs on at once (all of them, when its introspection endpoint is
     * down and clients reconnect): more than WildFly's request threads (16 × cores by default).
     */
    private static final int VERIFIERS = 16 * Runtime.getRuntime().availableProcessors() + 16;

    @Deployment(testable = false)
    static WebArchive app() {
        Map<String, String> config = new LinkedHashMap<>(); // no key: the application's verifier checks tokens
        config.put("gatehouse.handler.timeout", HANDLER_LIMIT.toMillis() + "ms");
        config.put("gatehouse.ready.timeout", READY_LIMIT.toMillis() + "ms");
        config.put("gatehouse.auth.timeout", AUTH_LIMIT.toMillis() + "ms");
        return Wars.war("slow", config, EchoHandler.class, Hang.class, HangControl.class, HangingHandler.class,
                NeverCompletingHandler.class, RoomJoinHandler.class, HangingRoomAuthorizer.class, HangingListener.class,
                HangingSetup.class, HangingReadinessCheck.class, HangingTokenVerifier.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void everyKindOfApplicationCodeHangingAtOnceCostsOnlyItsOwnAnswersAtTheirLimitsWhileANeighbourStaysPrompt()
            throws Exception {
        URI ws = Endpoints.ws(base, "ws");
        List<TestClient> clients = new CopyOnWriteArrayList<>(); // the scripts add theirs
        ExecutorService scripts = Executors.newCachedThreadPool();
        Map<String, Duration> slowest = new TreeMap<>();
        String warmUp = warmUp(ws);
        TestClient control = TestClient.connectWelcomed(ws, Tokens.valid("control"));
        try {
            TestClient neighbourClient = TestClient.connectWelcomed(ws, Tokens.valid("neighbour"));
            clients.add(neighbourClient);
            List<TestClient> stuck = connect(ws, "stuck", HANDLERS, clients);
            List<TestClient> async = connect(ws, "async", ASYNC, clients);
            TestClient joiner = connect(ws, "joiner", 1, clients).get(0);
            List<Executable> checks = new ArrayList<>();
            try (Neighbour neighbour = new Neighbour(neighbourClient, Neighbour.Trip.ECHO)) {
                // Everything hangs at once: first the setups and listeners, whose handshakes the hanging
                // verifier could refuse in a WAR (below), then, once those hang, all the others.
                Map<String, List<Future<Duration>>> answers = new LinkedHashMap<>();
                for (int i = 0; i < SETUPS; i++) {
                    String token = Tokens.valid(HangingSetup.USERS + i);
                    add(answers, "setup 1013", scripts.submit(() -> refusedAfterItsSetup(ws, token, clients)));
                }
                for (int i = 0; i < LISTENERS; i++) {
                    String token = Tokens.valid(HangingListener.USERS + i);
                    add(answers, "listener's user welcomed and echoed",
                            scripts.submit(() -> welcomedAndEchoed(ws, token, clients)));
                }
                awaitStarted(control, Map.of("setup", SETUPS, "listener", LISTENERS));
                for (int i = 0; i < VERIFIERS; i++) {
                    String token = Tokens.valid(HangingTokenVerifier.SUBJECTS + i);
                    add(answers, "verifier 503", scripts.submit(() -> refusedByTheVerifier(ws, token)));
                }
                for (TestClient c : stuck) {
                    add(answers, "handler HANDLER_TIMEOUT", scripts.submit(() -> timedOutThenNextFrame(c, "hang")));
                }
                for (TestClient c : async) {
                    add(answers, "async handler HANDLER_TIMEOUT", scripts.submit(() -> timedOutThenNextFrame(c, "hang.async")));
                }
                add(answers, "authorizer HANDLER_TIMEOUT", scripts.submit(() -> joinsAsTheAuthorizerAnswers(joiner)));
                Future<RawUpgrade.Response> newcomer = scripts.submit(() -> RawUpgrade.send(ws,
                        Map.of("Authorization", "Bearer " + Tokens.valid("newcomer"))));
                for (Map.Entry<String, List<Future<Duration>>> kind : answers.entrySet()) {
                    for (Future<Duration> answer : kind.getValue()) {
                        Duration took = answer.get(30, TimeUnit.SECONDS);
                        slowest.merge(kind.getKey(), took, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                }
                // A handshake amid the hanging ones. In a WAR it is answered at once: upgraded, or refused
                // 503 while gatehouse.auth.waiting-threads request threads wait for the verifier already.
                // Standalone it is upgraded, holding no server thread meanwhile, once a verifier thread is
                // free: with more hanging verifications than the pool's 16 × cores threads, when the pool
                // replaces theirs at the auth limit.
                RawUpgrade.Response arrived = newcomer.get(30, TimeUnit.SECONDS);
                slowest.put("newcomer " + arrived.status(), arrived.elapsed());
                boolean war = !CONTAINER.equals("embedded");
                checks.add(() -> assertTrue((war ? Set.of(101, 503) : Set.of(101)).contains(arrived.status()), arrived.raw()));
                checks.add(() -> assertWithin(slowest, "newcomer " + arrived.status(), war ? PROMPT : AUTH_LIMIT.plus(SLACK)));

                // Now the readiness check hangs too, while all of the above still do.
                control(control, "readiness");
                slowest.put("readiness 1013", refusedWhileTheReadinessCheckHangs(ws, clients));
                slowest.put("/health/ready 503", healthDown());

                Map<String, Duration> bounds = Map.of("verifier 503", AUTH_LIMIT.plus(SLACK),
                        "setup 1013", READY_LIMIT.plus(SLACK), "listener's user welcomed and echoed", PROMPT,
                        "handler HANDLER_TIMEOUT", HANDLER_LIMIT.plus(SLACK),
                        "async handler HANDLER_TIMEOUT", HANDLER_LIMIT.plus(SLACK),
                        "authorizer HANDLER_TIMEOUT", HANDLER_LIMIT.plus(SLACK),
                        "readiness 1013", READY_LIMIT.plus(SLACK), "/health/ready 503", READY_LIMIT.plus(SLACK));
                bounds.forEach((kind, bound) -> checks.add(() -> assertWithin(slowest, kind, bound)));

                JsonObject started = control(control, "status");
                Map<String, Integer> expected = Map.of("handler", HANDLERS, "async", ASYNC, "authorizer", 1,
                        "listener", LISTENERS, "setup", SETUPS, "readiness", 1);
                expected.forEach((kind, n) -> checks.add(() -> assertEquals(n, started.getInt(kind, 0),
                        "hangs of kind " + kind + " that started: " + started)));
                // Some verifications hang; beyond the threads a WAR lets wait for them, the others are refused at once.
                checks.add(() -> assertTrue(started.getInt("verifier", 0) > 0, started.toString()));
                JsonObject verified = started.getJsonObject("verified");
                for (String subject : arrived.status() == 101 ? List.of("control", "neighbour", "newcomer")
                        : List.of("control", "neighbour")) {
                    checks.add(() -> assertEquals(1, verified.getInt(subject, 0),
                            "verifications of " + subject + "'s one handshake: " + verified));
                }

                long p99 = neighbour.scenarioP99Micros();
                checks.add(() -> assertTrue(p99 < NEIGHBOUR_P99.toNanos() / 1000, "the neighbour's echo p99 was " + p99
                        + " µs; " + neighbour.summary("the suite")));
                checks.add(() -> neighbour.assertHealthy(NEIGHBOUR_MAX));
                Files.writeString(Path.of("target", "slow-dependencies-" + CONTAINER + ".txt"),
                        neighbour.summary("the slow-dependencies suite on " + CONTAINER) + "\nwarm-up: " + warmUp
                                + "\nslowest answers: " + slowest.entrySet().stream()
                                        .map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms").toList() + "\n");
            }
            assertAll("the slow-dependencies suite", checks);
        } finally {
            try {
                control(control, "release");
            } finally {
                control.close();
                clients.forEach(TestClient::close);
                scripts.shutdownNow();
            }
        }
    }

    /**
     * Upgrades until one is accepted: the first verification in a fresh deployment loads jjwt and
     * creates the verifier's bean, which on a loaded machine can take longer than the auth limit
     * (then refused 503, as documented). Returns each attempt's status and time.
     */
    private static String warmUp(URI ws) {
        List<String> attempts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RawUpgrade.Response r = RawUpgrade.send(ws, Map.of("Authorization", "Bearer " + Tokens.valid("warm-up")));
            attempts.add(r.status() + " in " + r.elapsed().toMillis() + " ms");
            if (r.status() == 101) {
                return attempts.toString();
            }
            sleep(500);
        }
        throw new AssertionError("no upgrade accepted: " + attempts);
    }

    /** Waits until at least these hangs started (at most the client's wait). */
    private static void awaitStarted(TestClient control, Map<String, Integer> atLeast) {
        long giveUp = System.nanoTime() + TestClient.WAIT.toNanos();
        for (;;) {
            JsonObject started = control(control, "status");
            if (atLeast.entrySet().stream().allMatch(e -> started.getInt(e.getKey(), 0) >= e.getValue())) {
                return;
            }
            assertTrue(System.nanoTime() < giveUp, "hangs that started: " + started + ", awaited " + atLeast);
            sleep(20);
        }
    }

    /** {@code hang.control} with this action; returns how many hangs of each kind started. */
    private static JsonObject control(TestClient control, String action) {
        control.send("hang.control", action, Json.createObjectBuilder().add("action", action).build());
        JsonObject answer = control.next();
        assertEquals(action, answer.getString("reply_to", null), answer.toString());
        return answer.getJsonObject("data");
    }

    private static List<TestClient> connect(URI ws, String prefix, int n, List<TestClient> clients) {
        List<TestClient> connected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestClient c = TestClient.connectWelcomed(ws, Tokens.valid(prefix + i));
            clients.add(c);
            connected.add(c);
        }
        return connected;
    }

    private static void add(Map<String, List<Future<Duration>>> answers, String kind, Future<Duration> answer) {
        answers.computeIfAbsent(kind, k -> new ArrayList<>()).add(answer);
    }

    private static void assertWithin(Map<String, Duration> slowest, String kind, Duration bound) {
        Duration took = slowest.get(kind);
        assertNotNull(took, kind);
        assertTrue(took.compareTo(bound) < 0, kind + ": the slowest took " + took.toMillis() + " ms, over " + bound.toMillis()
                + " ms");
    }

    /** A frame of a hanging type is answered HANDLER_TIMEOUT, then the connection's next frame at once. */
    private static Duration timedOutThenNextFrame(TestClient client, String type) {
        long start = System.nanoTime();
        client.send(type, "h", null);
        client.send("echo", "e", null);
        assertEquals("h", client.nextError("HANDLER_TIMEOUT").getString("reply_to"));
        assertEquals("e", client.next().getString("reply_to"), "the next frame waited for the hanging call");
        return since(start);
    }

    /** A join the authorizer hangs on is HANDLER_TIMEOUT; then it refuses one (ROOM_FORBIDDEN) and allows one. */
    private static Duration joinsAsTheAuthorizerAnswers(TestClient client) {
        long start = System.nanoTime();
        client.send("room.join", "j1", Json.createObjectBuilder().add("room", HangingRoomAuthorizer.HANGS).build());
        client.send("room.join", "j2", Json.createObjectBuilder().add("room", "staff:x").build());
        client.send("room.join", "j3", Json.createObjectBuilder().add("room", "lobby").build());
        assertEquals("j1", client.nextError("HANDLER_TIMEOUT").getString("reply_to"));
        Duration took = since(start);
        assertEquals("j2", client.nextError("ROOM_FORBIDDEN").getString("reply_to"));
        JsonObject joined = client.next();
        assertEquals("j3", joined.getString("reply_to"), joined.toString());
        return took;
    }

    /** The application's verifier hangs on this token: the upgrade is refused 503 SERVICE_UNAVAILABLE. */
    private static Duration refusedByTheVerifier(URI ws, String token) {
        RawUpgrade.Response r = RawUpgrade.send(ws, Map.of("Authorization", "Bearer " + token));
        assertEquals(503, r.status(), r.raw());
        assertTrue(r.body().contains("SERVICE_UNAVAILABLE"), r.raw());
        return r.elapsed();
    }

    /** Opens, but the connection's setup hangs: SERVICE_UNAVAILABLE and 1013 instead of the welcome. */
    private static Duration refusedAfterItsSetup(URI ws, String token, List<TestClient> clients) {
        long start = System.nanoTime();
        TestClient c = TestClient.connect(ws, token);
        clients.add(c);
        c.nextError("SERVICE_UNAVAILABLE");
        c.assertClosed(1013, "SERVICE_UNAVAILABLE");
        return since(start);
    }

    private static Duration welcomedAndEchoed(URI ws, String token, List<TestClient> clients) {
        long start = System.nanoTime();
        TestClient c = TestClient.connectWelcomed(ws, token);
        clients.add(c);
        c.send("echo", "e", null);
        assertEquals("e", c.next().getString("reply_to"));
        return since(start);
    }

    /**
     * New connections once the readiness check hangs: the check's last answer serves for a second,
     * so the first ones may still be welcomed; then one is refused SERVICE_UNAVAILABLE, 1013, within
     * the ready timeout. Returns how long that one took.
     */
    private static Duration refusedWhileTheReadinessCheckHangs(URI ws, List<TestClient> clients) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; System.nanoTime() < giveUp; i++) {
            long start = System.nanoTime();
            TestClient c = TestClient.connect(ws, Tokens.valid("late" + i));
            clients.add(c);
            JsonObject first = c.next(READY_LIMIT.plus(TestClient.WAIT));
            if ("error_message".equals(first.getString("type"))) {
                assertEquals("SERVICE_UNAVAILABLE", first.getJsonObject("data").getString("error_code"), first.toString());
                c.assertClosed(1013, "SERVICE_UNAVAILABLE");
                return since(start);
            }
            c.close(); // welcomed on the check's last answer, from before it hung
            sleep(200);
        }
        throw new AssertionError("no connection was refused while the readiness check hung");
    }

    /** {@code /health/ready} is 503 (DOWN) with the hanging check; returns how long it took. */
    private Duration healthDown() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(Endpoints.healthReady(base))
                .timeout(READY_LIMIT.plus(TestClient.WAIT)).build(), HttpResponse.BodyHandlers.ofString());
        Duration took = since(start);
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("slow-dependency"), r.body());
        return took;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
