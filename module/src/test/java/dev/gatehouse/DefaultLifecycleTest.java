package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.ConnectionSetup;
import dev.gatehouse.spi.LifecycleManager;
import dev.gatehouse.spi.ReadinessCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The default lifecycle manager: every readiness check in turn, then every setup at once. */
class DefaultLifecycleTest {
    private final List<String> ran = new ArrayList<>();

    @Test
    void checksRunInOrderAndTheFirstThatSaysNoFailsTheStageWithItsName() {
        LifecycleManager manager = LifecycleManager.defaults(
                List.of(check("database", true), check("cache", false), check("queue", true)), List.of(setup("rooms")));
        assertEquals("cache is not ready", failure(manager.prepare(null)));
        assertEquals(List.of("database", "cache"), ran, "later checks and the setups do not run");
    }

    @Test
    void checkThatThrowsFailsTheStageWithItsName() {
        ReadinessCheck throwing = new ReadinessCheck() {
            @Override
            public boolean isReady() throws Exception {
                throw new java.io.IOException("connection refused");
            }

            @Override
            public String name() {
                return "database";
            }
        };
        LifecycleManager manager = LifecycleManager.defaults(List.of(throwing, check("cache", true)), List.of());
        assertEquals("database failed: java.io.IOException: connection refused", failure(manager.prepare(null)));
        assertEquals(List.of(), ran);
    }

    @Test
    void everySetupIsStartedAtOnceAndTheStageCompletesWhenAllHave() {
        CompletableFuture<Void> rooms = new CompletableFuture<>();
        CompletableFuture<Void> friends = new CompletableFuture<>();
        LifecycleManager manager = LifecycleManager.defaults(List.of(check("database", true)),
                List.of(setup("rooms", rooms), setup("friends", friends)));
        CompletableFuture<Void> stage = manager.prepare(null).toCompletableFuture();
        assertEquals(List.of("database", "rooms", "friends"), ran, "the second starts before the first is done");
        rooms.complete(null);
        assertFalse(stage.isDone());
        friends.complete(null);
        assertTrue(stage.isDone() && !stage.isCompletedExceptionally());
    }

    @Test
    void setupThatThrowsFailsTheStageAndTheOthersAreStillStarted() {
        ConnectionSetup throwing = c -> {
            throw new IllegalStateException("no rooms");
        };
        LifecycleManager manager = LifecycleManager.defaults(List.of(), List.of(throwing, setup("friends")));
        assertEquals("no rooms", failure(manager.prepare(null)));
        assertEquals(List.of("friends"), ran);
    }

    @Test
    void setupReturningAFailedStageFailsIt() {
        ConnectionSetup failing = c -> CompletableFuture.failedFuture(new IllegalStateException("no rooms"));
        LifecycleManager manager = LifecycleManager.defaults(List.of(), List.of(setup("friends"), failing));
        assertEquals("no rooms", failure(manager.prepare(null)));
    }

    @Test
    void setupReturningNullCountsAsDone() {
        LifecycleManager manager = LifecycleManager.defaults(List.of(), List.of(c -> null, setup("friends")));
        assertTrue(manager.prepare(null).toCompletableFuture().isDone());
        assertFalse(manager.prepare(null).toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void nothingToCheckOrSetUpIsReadyAtOnce() {
        CompletableFuture<Void> stage = LifecycleManager.defaults(List.of(), List.of()).prepare(null).toCompletableFuture();
        assertTrue(stage.isDone() && !stage.isCompletedExceptionally());
    }

    private ReadinessCheck check(String name, boolean ready) {
        return new ReadinessCheck() {
            @Override
            public boolean isReady() {
                ran.add(name);
                return ready;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    private ConnectionSetup setup(String name) {
        return setup(name, CompletableFuture.completedFuture(null));
    }

    private ConnectionSetup setup(String name, CompletionStage<?> stage) {
        return c -> {
            ran.add(name);
            return stage;
        };
    }

    /** The message of the failure the stage completed with; fails when it did not fail at once. */
    private static String failure(CompletionStage<Void> stage) {
        CompletableFuture<Void> f = stage.toCompletableFuture();
        assertTrue(f.isDone(), "a failed check or setup fails the stage at once");
        return assertThrows(ExecutionException.class, f::get).getCause().getMessage();
    }
}
