package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void beyondTheBoundACommandFailsAtOnceWithoutBeingSentAndAnAnswerFreesItsPlace() {
        InFlight gate = new InFlight(2);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        int[] sent = new int[1];
        gate.send(() -> {
            sent[0]++;
            return first;
        });
        gate.send(() -> {
            sent[0]++;
            return second;
        });
        CompletionStage<String> refused = gate.send(() -> {
            sent[0]++;
            return new CompletableFuture<>();
        });
        assertTrue(refused.toCompletableFuture().isCompletedExceptionally());
        assertEquals(2, sent[0]);
        assertEquals(2, gate.waiting());
        first.completeExceptionally(new IllegalStateException("timed out"));
        assertEquals(1, gate.waiting());
        gate.send(() -> {
            sent[0]++;
            return CompletableFuture.completedFuture("ok");
        });
        assertEquals(3, sent[0]);
        assertEquals(1, gate.waiting());
    }

    @Test
    void aCommandThatThrowsWhenSentFreesItsPlace() {
        InFlight gate = new InFlight(1);
        CompletionStage<Object> failed = gate.send(() -> {
            throw new IllegalStateException("closed");
        });
        assertTrue(failed.toCompletableFuture().isCompletedExceptionally());
        assertEquals(0, gate.waiting());
    }
}
