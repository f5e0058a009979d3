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
        queue.offer(pass -> {
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
        queue.offer(pass -> CompletableFuture.failedFuture(new IllegalStateException()));
        queue.offer(task("next"));
        executor.runAll();
        assertEquals(List.of("next"), ran);
    }

    @Test
    void throwingTaskDoesNotStallTheQueue() {
        queue.offer(pass -> {
            throw new IllegalStateException("bug");
        });
        queue.offer(task("next"));
        executor.runAll();
        assertEquals(List.of("next"), ran);
    }

    @Test
    void fullQueueRefusesTheTask() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        queue.offer(pass -> slow);
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
        });
        queue.offer(task("next"));
        executor.runAll();
        assertEquals(List.of("stuck", "next"), ran);
        queue.offer(task("after"));
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
        });
        executor.runAll();
        assertTrue(queue.offer(task("next")));
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
