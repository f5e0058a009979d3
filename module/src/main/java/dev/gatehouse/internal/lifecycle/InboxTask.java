package dev.gatehouse.internal.lifecycle;

import java.util.concurrent.CompletionStage;

/** One frame's handling, started in its connection's turn ({@link ManagedConnection#offerToHandlers}). */
@FunctionalInterface
public interface InboxTask {

    /**
     * Starts the task.
     *
     * @param passTurn for a task answered at its time limit while its thread is still in application
     *     code: call it then, so that the connection's next task starts without waiting for that thread
     * @return a stage that completes when the task is answered
     */
    CompletionStage<?> start(Runnable passTurn);
}
