package dev.gatehouse.internal.cluster;

import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.PresenceStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * A real backplane with hooks that widen a race: it takes its time to ask for a subscription (as
 * a broker's round trip does), and its presence store runs a hook before each add.
 */
final class HookedBackplane implements Backplane {
    private final Backplane backplane;
    private final long subscribeNanos;
    private final BiConsumer<String, PresenceMember> beforeAdd;

    /**
     * @param backplane the real one
     * @param subscribeMillis how long each subscribe takes
     * @param beforeAdd runs before each presence add, on the adding thread
     */
    HookedBackplane(Backplane backplane, long subscribeMillis, BiConsumer<String, PresenceMember> beforeAdd) {
        this.backplane = backplane;
        this.subscribeNanos = TimeUnit.MILLISECONDS.toNanos(subscribeMillis);
        this.beforeAdd = beforeAdd;
    }

    @Override
    public void start(Receiver receiver) {
        backplane.start(receiver);
    }

    @Override
    public CompletionStage<?> publish(String topic, String message) {
        return backplane.publish(topic, message);
    }

    @Override
    public void subscribe(String topic) {
        long until = System.nanoTime() + subscribeNanos;
        for (long left = subscribeNanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        backplane.subscribe(topic);
    }

    @Override
    public void unsubscribe(String topic) {
        backplane.unsubscribe(topic);
    }

    @Override
    public Optional<PresenceStore> presenceStore() {
        return backplane.presenceStore().map(store -> new PresenceStore() {
            @Override
            public void add(String room, PresenceMember member) {
                beforeAdd.accept(room, member);
                store.add(room, member);
            }

            @Override
            public void remove(String room, PresenceMember member) {
                store.remove(room, member);
            }

            @Override
            public CompletionStage<List<PresenceMember>> members(String room) {
                return store.members(room);
            }

            @Override
            public CompletionStage<PresenceCount> count(String room) {
                return store.count(room);
            }
        });
    }

    @Override
    public void close() {
        backplane.close();
    }
}
