package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SerialQueueTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final SerialQueue queue = new SerialQueue(executor, 3);
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksRunInOfferOrderOnOneExecutorTurn() {
        queue.offer(task("a"));
        queue.offer(task("b"));
        queue.offer(task("c"));
        assertEquals(1, executor.pending(), "one turn for a connection, however many tasks");
        executor.runAll();
        assertEquals(List.of("a", "b", "c"), ran);
    }

    @Test
    void executorThatRejectsRefusesTheTaskAndLeavesTheQueueUsable() {
        boolean[] rejecting = {true};
        SerialQueue q = new SerialQueue(command -> {
            if (rejecting[0]) {
                throw new java.util.concurrent.RejectedExecutionException("stopped");
            }
            command.run();
        }, 3);
        assertFalse(q.offer(task("refused")));
        rejecting[0] = false;
        assertTrue(q.offer(task("later")), "not left busy forever");
        assertEquals(List.of("later"), ran);
    }

    @Test
    void pendingStageHoldsTheNextTaskUntilItCompletes() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        queue.offer(() -> {
            ran.add("slow");
            return slow;
        });
        queue.offer(task("next"));
        executor.runAll();
        assertEquals(List.of("slow"), ran);
        slow.complete(null);
        executor.runAll();
        assertEquals(List.of("slow", "next"), ran);
    }

    @Test
    void failedStageStillLetsTheNextTaskRun() {
        queue.offer(() -> CompletableFuture.failedFuture(new IllegalStateException()));
        queue.offer(task("next"));
        executor.runAll();
        assertEquals(List.of("next"), ran);
    }

    @Test
    void throwingTaskDoesNotStallTheQueue() {
        queue.offer(() -> {
            throw new IllegalStateException("bug");
        });
        queue.offer(task("next"));
        executor.runAll();
        assertEquals(List.of("next"), ran);
    }

    @Test
    void fullQueueRefusesTheTask() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        queue.offer(() -> slow);
        executor.runAll(); // the slow task is running: the queue itself is empty
        assertTrue(queue.offer(task("a")));
        assertTrue(queue.offer(task("b")));
        assertTrue(queue.offer(task("c")));
        assertFalse(queue.offer(task("d")));
        slow.complete(null);
        executor.runAll();
        assertEquals(List.of("a", "b", "c"), ran);
    }

    @Test
    void idleQueueStartsANewTurnForTheNextTask() {
        queue.offer(task("a"));
        executor.runAll();
        queue.offer(task("b"));
        assertEquals(1, executor.pending());
        executor.runAll();
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void inlineTaskOfAnIdleQueueRunsOnTheOfferingThread() {
        assertTrue(queue.offer(task("inline"), true));
        assertEquals(List.of("inline"), ran, "ran before offer returned");
        assertEquals(0, executor.pending(), "no worker turn");
        queue.offer(task("next"));
        executor.runAll();
        assertEquals(List.of("inline", "next"), ran, "the queue is idle again afterwards");
    }

    @Test
    void inlineTaskWaitsItsTurnWhenEarlierTasksAreQueued() {
        queue.offer(task("a"));
        queue.offer(task("b"), true);
        assertEquals(List.of(), ran, "not ahead of a");
        executor.runAll();
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void taskOfferedWhileAnInlineOneIsPendingRunsOnAWorkerAfterIt() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        queue.offer(() -> {
            ran.add("inline");
            return slow;
        }, true);
        queue.offer(task("next"), true);
        executor.runAll();
        assertEquals(List.of("inline"), ran, "next waits for the inline task's stage");
        slow.complete(null);
        assertEquals(1, executor.pending(), "what follows goes to a worker, not the completing thread");
        executor.runAll();
        assertEquals(List.of("inline", "next"), ran);
    }

    @Test
    void throwingInlineTaskLeavesTheQueueIdle() {
        queue.offer(() -> {
            throw new IllegalStateException("bug");
        }, true);
        queue.offer(task("next"), true);
        assertEquals(List.of("next"), ran);
    }

    private Supplier<CompletionStage<?>> task(String name) {
        return () -> {
            ran.add(name);
            return CompletableFuture.completedFuture(null);
        };
    }
}
