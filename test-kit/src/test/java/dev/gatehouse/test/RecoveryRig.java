package dev.gatehouse.test;

import dev.gatehouse.ConfigSource;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.GatehouseServer;
import dev.gatehouse.client.CloseStatus;
import dev.gatehouse.client.GatehouseClient;
import dev.gatehouse.client.ReconnectPolicy;
import dev.gatehouse.client.RoomRecovery;
import dev.gatehouse.client.Welcome;
import dev.gatehouse.spi.FrameHandler;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A real Gatehouse with room history for {@code chat:*}, a receiver that reaches it through a
 * {@link TcpProxy} and is in {@code chat:lobby}, and a sender connected directly that sends a
 * numbered frame to the room every 50 ms (each a request, so the numbers the server handled are
 * known). The receiver's listeners write down, in the order they hear them, each number and each
 * {@code room_recovery}; {@link #tally} counts what arrived against what was sent.
 */
final class RecoveryRig implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ROOM = "lobby";

    private final Map<String, String> config;
    private final TestTokens tokens;
    private volatile GatehouseServer server;
    private final int port;
    private final TcpProxy proxy;
    private final GatehouseClient receiver;
    private GatehouseClient sender;
    private ScheduledExecutorService ticker;
    /** Whether the sender sends to the receiver's user rather than to the room. */
    private final boolean direct;

    /** What the receiver heard, in order: a Long per numbered frame, a RoomRecovery per event. */
    private final List<Object> heard = new ArrayList<>();
    private final AtomicInteger welcomes = new AtomicInteger();
    private final List<CloseStatus> closes = new CopyOnWriteArrayList<>();
    private final AtomicLong next = new AtomicLong(1);
    private final ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger settled = new AtomicInteger();

    /**
     * Starts the server, the proxy and a receiver that joined the room.
     *
     * @param historySize {@code gatehouse.history.size}
     * @param recoveryLimit {@code gatehouse.history.recovery-limit}
     */
    RecoveryRig(int historySize, int recoveryLimit) throws IOException {
        this(historySize, recoveryLimit, false);
    }

    /**
     * Starts the server, the proxy and a receiver that joined the room.
     *
     * @param historySize {@code gatehouse.history.size}
     * @param recoveryLimit {@code gatehouse.history.recovery-limit}
     * @param direct true: users' streams have history too and the numbers go to the receiver's user
     */
    RecoveryRig(int historySize, int recoveryLimit, boolean direct) throws IOException {
        this.direct = direct;
        Map<String, String> c = new HashMap<>();
        c.put("gatehouse.history.users", Boolean.toString(direct));
        c.put("gatehouse.jwt.secret", "recovery-rig-secret-of-at-least-256-bits!!!!!!");
        c.put("gatehouse.history.rooms", "chat:*");
        c.put("gatehouse.history.size", Integer.toString(historySize));
        c.put("gatehouse.history.age", "10m");
        c.put("gatehouse.history.recovery-limit", Integer.toString(recoveryLimit));
        c.put("gatehouse.heartbeat.interval", "1s");
        c.put("gatehouse.heartbeat.timeout", "1s");
        this.config = Map.copyOf(c);
        this.tokens = TestTokens.forServer(GatehouseConfig.from(ConfigSource.of(config)).build());
        this.server = launch(0);
        this.port = server.port();
        this.proxy = TcpProxy.start("127.0.0.1", port);
        this.receiver = GatehouseClient.builder(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"))
                .gatehouseRoom(room -> "chat:" + room)
                .token(tokens.valid("receiver")).heartbeatMargin(Duration.ofSeconds(1))
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .listener(new GatehouseClient.Listener() {
                    @Override
                    public void onWelcome(Welcome welcome) {
                        welcomes.incrementAndGet();
                    }

                    @Override
                    public void onClose(CloseStatus status) {
                        closes.add(status);
                    }

                    @Override
                    public void onRecovery(RoomRecovery recovery) {
                        record(recovery);
                    }
                }).build();
        receiver.on("numbered", f -> record(f.data().getJsonNumber("n").longValue()));
        receiver.connect().join();
        receiver.joinRoom(ROOM).join();
    }

    private GatehouseServer launch(int onPort) {
        ConfigSource source = ConfigSource.of(config);
        return Gatehouse.builder(source).config(c -> c.host("127.0.0.1").port(onPort))
                .handler(FrameHandler.of("chat.join", JsonObject.class, (data, ctx) -> {
                    ctx.rooms().join("chat:" + data.getString("room"));
                    ctx.reply("chat.joined", data);
                }))
                .handler(FrameHandler.of("direct", JsonObject.class, (data, ctx) -> {
                    ctx.connections().sendToUser(data.getString("to"), "numbered",
                            Map.of("n", data.getJsonNumber("n").longValue()));
                    ctx.reply("direct.ok", data);
                }))
                .handler(FrameHandler.of("numbered", JsonObject.class, (data, ctx) -> {
                    ctx.connections().sendToRoom("chat:" + data.getString("room"), "numbered",
                            Map.of("n", data.getJsonNumber("n").longValue()));
                    ctx.reply("numbered.ok", data);
                }))
                .start();
    }

    private synchronized void record(Object what) {
        heard.add(what);
    }

    TcpProxy proxy() {
        return proxy;
    }

    GatehouseClient receiver() {
        return receiver;
    }

    int welcomes() {
        return welcomes.get();
    }

    /** {@return how the receiver's connections ended so far} */
    List<CloseStatus> closes() {
        return List.copyOf(closes);
    }

    /** Starts the sender: a numbered frame every 50 ms, from 1. */
    void startSending() {
        sender = GatehouseClient.builder(URI.create("ws://127.0.0.1:" + port + "/ws")).token(tokens.valid("sender"))
                .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(1))).maxHeldFrames(1000)
                .build();
        sender.connect().join();
        ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(this::sendOne, 0, 50, TimeUnit.MILLISECONDS);
    }

    private void sendOne() {
        long n = next.getAndIncrement();
        JsonObject data = Json.createObjectBuilder().add("room", ROOM).add("to", "receiver").add("n", n).build();
        CompletableFuture<?> answer;
        try {
            answer = sender.request(direct ? "direct" : "numbered", data, PATIENCE);
        } catch (IllegalStateException e) { // HeldFramesFullException while reconnecting, or closed
            unanswered.incrementAndGet();
            settled.incrementAndGet();
            return;
        }
        answer.whenComplete((ok, error) -> {
            if (error == null) {
                acked.add(n);
            } else {
                unanswered.incrementAndGet(); // its connection closed first: handled or not, nobody knows
            }
            settled.incrementAndGet();
        });
    }

    /** Stops the sender once every request it made is answered, then waits for the last number to arrive. */
    void stopSendingAndDrain() {
        ticker.shutdown();
        await("the sender's ticker stops", () -> ticker.isTerminated());
        long attempted = next.get() - 1;
        await("every request answered", () -> settled.get() >= attempted);
        sender.close().join();
        long last = acked.stream().mapToLong(Long::longValue).max().orElse(0);
        await("the receiver hears the last number, " + last, () -> numbers().contains(last));
    }

    /** Waits until the receiver has heard n more numbers than now. */
    void awaitMoreNumbers(int n) {
        int target = numbers().size() + n;
        await(n + " more numbers heard", () -> numbers().size() >= target);
    }

    /** {@return the n-th room_recovery (from 1), waiting for it} */
    RoomRecovery awaitRecovery(int n) {
        await(n + " room_recovery events", () -> recoveries().size() >= n);
        return recoveries().get(n - 1);
    }

    synchronized List<Long> numbers() {
        return heard.stream().filter(Long.class::isInstance).map(Long.class::cast).toList();
    }

    synchronized List<RoomRecovery> recoveries() {
        return heard.stream().filter(RoomRecovery.class::isInstance).map(RoomRecovery.class::cast).toList();
    }

    /** Stops the server (its connections closed with 1001) and starts it again on the same port, history lost. */
    void restartServer() {
        server.stop();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                server = launch(port);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                pause(Duration.ofMillis(200));
            }
        }
    }

    /**
     * Counts what the receiver heard against what the server handled.
     *
     * @return the counts
     */
    synchronized Tally tally() {
        List<Long> numbers = numbers();
        Set<Long> distinct = new HashSet<>(numbers);
        TreeSet<Long> missing = new TreeSet<>(acked);
        missing.removeAll(distinct);
        int outOfOrder = 0;
        int silentGaps = 0;
        long previous = 0;
        boolean lostSince = false;
        for (Object h : heard) {
            if (h instanceof RoomRecovery r) {
                lostSince |= !r.recovered();
                continue;
            }
            long n = (Long) h;
            if (n <= previous) {
                outOfOrder++;
            } else if (!lostSince && !acked.subSet(previous + 1, true, n, false).isEmpty()) {
                silentGaps++; // a number the server handled was skipped, and nothing said so
            }
            previous = Math.max(previous, n);
            lostSince = false;
        }
        return new Tally(acked.size(), unanswered.get(), numbers.size(), numbers.size() - distinct.size(),
                missing.size(), outOfOrder, silentGaps, recoveries().stream()
                        .map(r -> r.recovered() ? "true" : "false/" + r.reason().orElse("?")).toList());
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        receiver.close();
        if (sender != null) {
            sender.close();
        }
        proxy.close();
        server.stop();
    }

    /** Waits until {@code condition} holds, at most {@link #PATIENCE}. */
    static void await(String what, BooleanSupplier condition) {
        await(what, PATIENCE, condition);
    }

    /** Waits until {@code condition} holds, looking every 50 ms, failing after {@code patience}. */
    static void await(String what, Duration patience, BooleanSupplier condition) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + patience + ": " + what);
            }
            pause(Duration.ofMillis(50));
        }
    }

    static void pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                // a pause is a time, not a signal
            }
        }
    }

    /**
     * What one scenario counted.
     *
     * @param sent numbers the server handled (answered to the sender)
     * @param unconfirmed numbers whose request was not answered (the sender's connection closed first)
     * @param received numbers the receiver's listeners heard, repeats included
     * @param duplicated how many of those were repeats
     * @param missing numbers handled that the receiver never heard
     * @param outOfOrder numbers heard after a greater one
     * @param silentGaps holes (numbers the server handled, skipped) with no {@code recovered: false} before them
     * @param recoveries each room_recovery, {@code true} or {@code false/<reason>}
     */
    record Tally(int sent, int unconfirmed, int received, int duplicated, int missing, int outOfOrder, int silentGaps,
            List<String> recoveries) {
        String line(String scenario) {
            return String.format("RECOVERY %-34s sent=%d received=%d duplicated=%d missing=%d out-of-order=%d "
                    + "silent-gaps=%d unconfirmed=%d recoveries=%s", scenario, sent, received, duplicated, missing,
                    outOfOrder, silentGaps, unconfirmed, recoveries);
        }
    }
}
