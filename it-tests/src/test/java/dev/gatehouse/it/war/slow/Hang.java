package dev.gatehouse.it.war.slow;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hangs of the slow-dependencies application: every one waits, ignoring interrupts (as a read
 * without a timeout does), until the test releases them ({@link HangControl}), at most a minute, so
 * that even a failed run ends. Counts how many of each kind started, so the test can tell that each
 * hang really happened. Static: one application per class loader (a WAR; the test JVM for the
 * embedded container).
 */
public final class Hang {
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final Map<String, AtomicInteger> STARTED = new ConcurrentHashMap<>();
    /** Verifications per subject; one per test user. */
    private static final Map<String, AtomicInteger> VERIFIED = new ConcurrentHashMap<>();
    /** The stages of the asynchronous handler, completed at the release; a few per run. */
    private static final List<CompletableFuture<Void>> NEVER = new CopyOnWriteArrayList<>();
    private static volatile boolean readinessHangs;

    private Hang() {
    }

    /** Waits until released (at most a minute), whatever interrupts this thread. */
    static void await(String kind) {
        STARTED.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (RELEASE.getCount() > 0 && System.nanoTime() < giveUp) {
            try {
                RELEASE.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // as a JDBC read without a query timeout does
            }
        }
    }

    /** A stage that completes only at the release; holds no thread. */
    static CompletableFuture<Void> never(String kind) {
        STARTED.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        CompletableFuture<Void> stage = new CompletableFuture<>();
        NEVER.add(stage);
        if (RELEASE.getCount() == 0) {
            stage.complete(null);
        }
        return stage;
    }

    /** Whether the readiness check hangs from now on. */
    static boolean readinessHangs() {
        return readinessHangs;
    }

    /** Makes the readiness check hang from its next run on. */
    static void hangReadiness() {
        readinessHangs = true;
    }

    /** Ends every hang, and the readiness check's. */
    static void release() {
        readinessHangs = false;
        RELEASE.countDown();
        NEVER.forEach(s -> s.complete(null));
    }

    /** The token verifier verified a token of this subject. */
    static void verified(String subject) {
        VERIFIED.computeIfAbsent(subject, k -> new AtomicInteger()).incrementAndGet();
    }

    /** {@return how many hangs of each kind started, and under {@code verified} the verifications per subject} */
    static Map<String, Object> started() {
        Map<String, Object> counts = new TreeMap<>();
        STARTED.forEach((k, v) -> counts.put(k, v.get()));
        Map<String, Integer> verified = new TreeMap<>();
        VERIFIED.forEach((k, v) -> verified.put(k, v.get()));
        counts.put("verified", verified);
        return counts;
    }
}
