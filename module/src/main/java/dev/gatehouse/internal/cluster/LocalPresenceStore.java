package dev.gatehouse.internal.cluster;

import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.spi.PresenceStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence kept in this JVM: of one node, or of the nodes of an {@link InProcessBackplane} group.
 * Thread-safe: concurrent maps, no lock of its own.
 */
public final class LocalPresenceStore implements PresenceStore {
    private final ConcurrentHashMap<String, Map<String, PresenceMember>> rooms = new ConcurrentHashMap<>();

    @Override
    public void add(String room, PresenceMember member) {
        rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(member.connectionId(), member);
    }

    @Override
    public void remove(String room, PresenceMember member) {
        rooms.computeIfPresent(room, (r, m) -> {
            m.remove(member.connectionId());
            return m.isEmpty() ? null : m;
        });
    }

    @Override
    public CompletionStage<List<PresenceMember>> members(String room) {
        Map<String, PresenceMember> m = rooms.get(room);
        return CompletableFuture.completedFuture(m == null ? List.of() : List.copyOf(m.values()));
    }

    @Override
    public CompletionStage<PresenceCount> count(String room) {
        Map<String, PresenceMember> m = rooms.get(room);
        if (m == null) {
            return CompletableFuture.completedFuture(new PresenceCount(0, 0));
        }
        List<PresenceMember> members = List.copyOf(m.values());
        int users = (int) members.stream().map(PresenceMember::userId).distinct().count();
        return CompletableFuture.completedFuture(new PresenceCount(members.size(), users));
    }
}
