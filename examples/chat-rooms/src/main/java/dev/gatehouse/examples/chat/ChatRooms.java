package dev.gatehouse.examples.chat;

import dev.gatehouse.Connection;
import dev.gatehouse.Connections;
import dev.gatehouse.LifecycleListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connections are in which room; a connection leaves every room when it closes (it is a
 * {@link LifecycleListener}). Shared by the standalone and the WAR chat examples.
 */
public class ChatRooms implements LifecycleListener {
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

    /** Adds a connection to a room; returns how many members the room has now. */
    public int join(String room, String connectionId) {
        Set<String> set = members.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
        set.add(connectionId);
        return set.size();
    }

    /** Whether the connection is in the room. */
    public boolean isMember(String room, String connectionId) {
        return members.getOrDefault(room, Set.of()).contains(connectionId);
    }

    /** Sends a frame to every member of a room; returns how many got it. */
    public int broadcast(Connections connections, String room, String type, Object data) {
        int sent = 0;
        for (String id : members.getOrDefault(room, Set.of())) {
            if (connections.sendTo(id, type, data)) {
                sent++;
            }
        }
        return sent;
    }

    @Override
    public void onClosed(Connection connection, int code, String reason) {
        members.values().forEach(set -> set.remove(connection.id()));
        members.values().removeIf(Set::isEmpty);
    }
}
