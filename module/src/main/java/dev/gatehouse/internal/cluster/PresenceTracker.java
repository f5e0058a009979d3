package dev.gatehouse.internal.cluster;

import dev.gatehouse.Presence;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.spi.PresenceStore;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Presence for the rooms that match {@code gatehouse.presence.rooms}: this node's joins and leaves
 * go to the store (the backplane's, shared by every node, or this node's own), and reads come from
 * it. Thread-safe; holds no lock.
 */
final class PresenceTracker implements Presence {
    private static final Logger LOG = System.getLogger("dev.gatehouse.rooms");
    private static final Comparator<PresenceMember> ORDER =
            Comparator.comparing(PresenceMember::userId).thenComparing(PresenceMember::connectionId);

    private final List<RoomPattern> patterns;
    private final boolean events;
    private final String nodeId;
    private final PresenceStore store;

    PresenceTracker(List<String> patterns, boolean events, String nodeId, PresenceStore store) {
        this.patterns = patterns.stream().map(RoomPattern::of).toList();
        this.events = events;
        this.nodeId = nodeId;
        this.store = store;
    }

    @Override
    public boolean isTracked(String room) {
        for (RoomPattern p : patterns) {
            if (p.matches(room)) {
                return true;
            }
        }
        return false;
    }

    boolean events() {
        return events;
    }

    String nodeId() {
        return nodeId;
    }

    void add(String room, PresenceMember member) {
        try {
            store.add(room, member);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + member.connectionId() + "] presence of room " + room + " not recorded", e);
        }
    }

    void remove(String room, PresenceMember member) {
        try {
            store.remove(room, member);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + member.connectionId() + "] presence of room " + room + " not removed", e);
        }
    }

    @Override
    public CompletionStage<List<PresenceMember>> members(String room) {
        requireTracked(room);
        return store.members(room).thenApply(list -> list.stream().sorted(ORDER).toList());
    }

    @Override
    public CompletionStage<PresenceCount> count(String room) {
        requireTracked(room);
        return store.count(room);
    }

    private void requireTracked(String room) {
        if (!isTracked(room)) {
            throw new IllegalArgumentException("Presence is not tracked for room '" + room
                    + "'; list it in gatehouse.presence.rooms");
        }
    }
}
