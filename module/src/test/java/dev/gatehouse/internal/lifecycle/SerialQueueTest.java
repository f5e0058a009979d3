package dev.gatehouse.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SerialQueueTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final SerialQueue queue = new SerialQueue(executor, 3);
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksRunInOfferOrderOnOneExecutorTurn() {
        queue.offer(task("a"), false);
        queue.offer(task("b"), false);
        queue.offer(task("c"), false);
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
        assertFalse(q.offer(task("refused"), false));
        rejecting[0] = false;
        assertTrue(q.offer(task("later"), false), "not left busy forever");
        assertEquals(List.of("later"), ran);
    }

    @Test
    void pendingStageHoldsTheNextTaskUntilItCompletes() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        queue.offer(pass -> {
            ran.add("slow");
            return slow;
        }, false);
        queue.offer(task("next"), false);
        executor.runAll();
        assertEquals(List.of("slow"), ran);
        slow.complete(null);
        executor.runAll();
        assertEquals(List.of("slow", "next"), ran);
    }

    @Test
    void failedStageStillLetsTheNextTaskRun() {
        queue.offer(pass -> CompletableFuture.failedFuture(new IllegalStateException()), false);
        queue.offer(task("next"), false);
        executor.runAll();
        assertEquals(List.of("next"), ran);
    }

    @Test
    void throwingTaskDoesNotStallTheQueue() {
        queue.offer(pass -> {
            throw new IllegalStateException("bug");
        }, false);
        queue.offer(task("next"), false);
        executor.runAll();
        assertEquals(List.of("next"), ran);
    }

    @Test
    void fullQueueRefusesTheTask() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        queue.offer(pass -> slow, false);
        executor.runAll(); // the slow task is running: the queue itself is empty
        assertTrue(queue.offer(task("a"), false));
        assertTrue(queue.offer(task("b"), false));
        assertTrue(queue.offer(task("c"), false));
        assertFalse(queue.offer(task("d"), false));
        slow.complete(null);
        executor.runAll();
        assertEquals(List.of("a", "b", "c"), ran);
    }

    @Test
    void idleQueueStartsANewTurnForTheNextTask() {
        queue.offer(task("a"), false);
        executor.runAll();
        queue.offer(task("b"), false);
        assertEquals(1, executor.pending());
        executor.runAll();
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void inlineTaskOfAnIdleQueueRunsOnTheOfferingThread() {
        assertTrue(queue.offer(task("inline"), true));
        assertEquals(List.of("inline"), ran, "ran before offer returned");
        assertEquals(0, executor.pending(), "no worker turn");
        queue.offer(task("next"), false);
        executor.runAll();
        assertEquals(List.of("inline", "next"), ran, "the queue is idle again afterwards");
    }

    @Test
    void inlineTaskWaitsItsTurnWhenEarlierTasksAreQueued() {
        queue.offer(task("a"), false);
        queue.offer(task("b"), true);
        assertEquals(List.of(), ran, "not ahead of a");
        executor.runAll();
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void taskOfferedWhileAnInlineOneIsPendingRunsOnAWorkerAfterIt() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        queue.offer(pass -> {
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
        queue.offer(pass -> {
            throw new IllegalStateException("bug");
        }, true);
        queue.offer(task("next"), true);
        assertEquals(List.of("next"), ran);
    }

    @Test
    void taskThatPassesItsTurnWhileStillRunningLetsTheNextOneStartOnAnotherWorker() {
        Runnable[] passTurn = new Runnable[1];
        CompletableFuture<Void> answeredAtItsLimit = new CompletableFuture<>();
        queue.offer(pass -> {
            ran.add("stuck");
            passTurn[0] = pass;
            answeredAtItsLimit.complete(null); // as the time limit does, from the timer's thread
            pass.run();                         // while this thread is still in the task
            assertEquals(1, executor.pending(), "the next task is handed to another worker at once");
            executor.runAll();
            assertEquals(List.of("stuck", "next"), ran, "the next task ran while this one was still running");
            return answeredAtItsLimit;
        }, false);
        queue.offer(task("next"), false);
        executor.runAll();
        assertEquals(List.of("stuck", "next"), ran);
        queue.offer(task("after"), false);
        executor.runAll();
        assertEquals(List.of("stuck", "next", "after"), ran, "the left-behind thread did not keep the queue");
        passTurn[0].run();
        assertEquals(0, executor.pending(), "passing a turn twice does nothing");
    }

    @Test
    void turnPassedWithNothingQueuedLeavesTheQueueIdleForTheNextOffer() {
        queue.offer(pass -> {
            pass.run();
            return CompletableFuture.completedFuture(null);
        }, false);
        executor.runAll();
        assertTrue(queue.offer(task("next"), false));
        assertEquals(1, executor.pending(), "an idle queue hands the next task to a worker");
        executor.runAll();
        assertEquals(List.of("next"), ran);
    }

    private InboxTask task(String name) {
        return pass -> {
            ran.add(name);
            return CompletableFuture.completedFuture(null);
        };
    }
}
