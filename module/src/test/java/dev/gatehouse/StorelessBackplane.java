package dev.gatehouse;

import dev.gatehouse.spi.Backplane;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** A backplane that keeps neither presence nor history (as JMS) and moves nothing; counts its closes. */
final class StorelessBackplane implements Backplane {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void start(Receiver receiver) {
    }

    @Override
    public CompletionStage<?> publish(String topic, String message) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void subscribe(String topic) {
    }

    @Override
    public void unsubscribe(String topic) {
    }

    @Override
    public String engine() {
        return "jms";
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
