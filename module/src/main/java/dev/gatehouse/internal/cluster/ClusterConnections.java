package dev.gatehouse.internal.cluster;

import dev.gatehouse.CloseCodes;
import dev.gatehouse.ClusterStatus;
import dev.gatehouse.ConfigurationException;
import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.Connections;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Presence;
import dev.gatehouse.Rooms;
import dev.gatehouse.internal.cluster.ClusterMessage.Kind;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.lifecycle.ConnectionRegistry;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.spi.PresenceStore;
import dev.gatehouse.spi.RoomAuthorizer;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link Connections} of a node in a cluster: lookups see this node's connections; every send
 * encodes its frame once, delivers it to this node's recipients, and publishes it once through the
 * {@link ClusterLink}, whose messages from other nodes come back here to be delivered the same way;
 * only messages signed with the cluster secret get here ({@link MessageSigner}).
 * Thread-safe; holds no lock (the registries' own rules apply).
 */
public final class ClusterConnections implements Connections {
    private final ConnectionRegistry registry;
    private final ProtocolFrames frames;
    private final ClusterLink link;
    private final RoomRegistry rooms;
    private final PresenceTracker presence;
    private final HistoryRooms historyRooms;
    private final int maxRooms;
    /** Null when no stream keeps history. */
    private final HistoryFeeds history;
    /** The memory store of a node alone, or null. */
    private final MemoryHistoryStore memoryHistory;
    /** The bounds of users' streams, or null when they keep no history. */
    private final HistoryStore.Limits userHistory;
    /** Applies the revocations other nodes made; null until set. */
    private volatile Consumer<ClusterMessage> revocations;

    /**
     * This node's view.
     *
     * @param registry this node's connections
     * @param frames encodes frames
     * @param config the room and presence settings
     * @param nodeId this node's id
     * @param backplane the backplane, or null for a node alone
     * @param authorizer decides on joins, or null to allow every valid room
     * @param metrics where the backplane's and the history's meters go
     * @throws ConfigurationException when history or presence is configured and the backplane cannot hold it,
     *     or a backplane runs without {@code gatehouse.cluster.secret}
     */
    public ClusterConnections(ConnectionRegistry registry, ProtocolFrames frames, GatehouseConfig config, String nodeId,
            Backplane backplane, RoomAuthorizer authorizer, GatehouseMetrics metrics) {
        this.registry = registry;
        this.frames = frames;
        MessageSigner signer = MessageSigner.of(config, backplane, metrics.poolOverflows(GatehouseMetrics.Pool.SIGNER));
        this.link = new ClusterLink(nodeId, backplane, signer, this::deliver, metrics);
        this.presence = new PresenceTracker(config.presenceRooms(), config.presenceEvents(), nodeId,
                presenceStore(backplane, !config.presenceRooms().isEmpty()));
        this.maxRooms = config.maxRoomsPerConnection();
        this.historyRooms = HistoryRooms.of(config.historyRooms(), config.historySize(), config.historyAge());
        this.userHistory = config.historyUsers()
                ? new HistoryStore.Limits(config.historySize(), config.historyAge()) : null;
        boolean anyHistory = historyRooms.any() || userHistory != null;
        HistoryStore store = null;
        HistoryFeeds[] feeds = new HistoryFeeds[1]; // the memory store publishes to the feeds made with it
        this.memoryHistory = backplane == null && anyHistory
                ? new MemoryHistoryStore(Clock.systemUTC(), (topic, p, m) -> feeds[0].frame(p, m)) : null;
        if (memoryHistory != null) {
            store = memoryHistory;
            metrics.historyEntries(memoryHistory::size);
        } else if (anyHistory) {
            store = backplane.historyStore().orElseThrow(() -> new ConfigurationException(historyRooms.any()
                    ? "gatehouse.history.rooms" : "gatehouse.history.users",
                    "the backplane (" + backplane.engine() + ") cannot keep history; use Redis or Hazelcast,"
                            + " or no rooms with history"));
        }
        this.history = store == null ? null : new HistoryFeeds(store, signer, frames, metrics, Clock.systemUTC(),
                config.historyRecoveryLimit(), config.historyTimeout());
        feeds[0] = history;
        if (history != null) {
            link.positioned(history::frame, history::resumed, history::subscribed);
        }
        this.rooms = new RoomRegistry(authorizer, maxRooms, frames, presence, link,
                history == null ? null : new RoomRegistry.Follower() {
                    @Override
                    public HistoryStore.Slice position(String room) {
                        return historyRooms.limits(room).isPresent() ? history.position(roomStream(room)) : null;
                    }

                    @Override
                    public void joined(ManagedConnection c, String room, HistoryStore.Slice start) {
                        historyRooms.limits(room).ifPresent(l -> history.joined(c, roomStream(room), l, start));
                    }

                    @Override
                    public void left(ManagedConnection c, String room) {
                        if (historyRooms.limits(room).isPresent()) {
                            history.left(c, roomStream(room));
                        }
                    }
                });
        rooms.sender(this::plainRoomFrame);
    }

    /**
     * Where presence is kept: this node's memory for a node alone, the backplane's store otherwise.
     * Presence rooms on a backplane without a store are refused: each node would count only its
     * own members, and say so to every client.
     */
    private static PresenceStore presenceStore(Backplane backplane, boolean tracked) {
        if (backplane == null) {
            return new LocalPresenceStore();
        }
        if (tracked && backplane.presenceStore().isEmpty()) {
            throw new ConfigurationException("gatehouse.presence.rooms", "the backplane (" + backplane.engine()
                    + ") keeps no presence across nodes; use Redis or Hazelcast, or no presence rooms");
        }
        return backplane.presenceStore().orElseGet(LocalPresenceStore::new);
    }

    /** Starts receiving from the other nodes. */
    public void start() {
        link.start();
    }

    /** Stops: the backplane is closed. Call after the connections closed (their rooms left). */
    public void close() {
        link.close();
        if (history != null) {
            history.close();
        }
    }

    /** {@return what the backplane did so far} */
    public ClusterStatus status() {
        return link.status();
    }

    ClusterLink link() {
        return link;
    }

    /** Where the revocations other nodes made go. */
    void revocations(Consumer<ClusterMessage> received) {
        this.revocations = received;
    }

    /** The rooms of a connection; a refused join answers {@code replyTo}. */
    public Rooms rooms(ManagedConnection connection, String replyTo) {
        return new ConnectionRooms(rooms, connection, replyTo);
    }

    /** A connection was welcomed: with users' history on, it follows its user's stream. */
    public void welcomed(ManagedConnection connection) {
        if (userHistory != null) {
            history.welcomed(connection, userStream(connection.userId()), userHistory);
        }
    }

    /** A connection closed: it leaves its rooms and its user's stream. */
    public void closed(ManagedConnection connection) {
        rooms.leaveAll(connection);
        if (history != null) {
            if (userHistory != null) {
                history.left(connection, userStream(connection.userId()));
            }
            history.closed(connection);
        }
    }

    private static String roomStream(String room) {
        return ClusterMessage.stream(Kind.ROOM, room);
    }

    private static String userStream(String userId) {
        return ClusterMessage.stream(Kind.USER, userId);
    }

    /**
     * A client's positions ({@code recover}, PROTOCOL.md §3.6), used when the application joins the
     * connection to those rooms; without history they change nothing.
     *
     * @param connection the connection
     * @param rooms per room, the last position the client received
     * @param user the last position of its user's direct frames, or null
     * @param previousConnectionId the client's previous connection, or null
     */
    public void stated(ManagedConnection connection, Map<String, HistoryStore.Position> rooms,
            HistoryStore.Position user, String previousConnectionId) {
        if (history != null) {
            Map<String, HistoryStore.Position> streams = new HashMap<>();
            rooms.forEach((room, position) -> streams.put(roomStream(room), position));
            if (user != null) {
                streams.put(userStream(connection.userId()), user);
            }
            history.stated(connection, streams, previousConnectionId);
        }
    }

    /** {@return whether the connection is in the room} */
    public boolean isMember(ManagedConnection connection, String room) {
        return rooms.isMember(connection, room);
    }

    /** {@return the most rooms one connection may be in} */
    public int maxRoomsPerConnection() {
        return maxRooms;
    }

    /** Waits until the history's queued work ran (for tests). */
    void awaitHistory() throws InterruptedException {
        if (history != null) {
            history.await();
        }
    }

    @Override
    public Optional<Connection> byId(String connectionId) {
        return registry.byId(connectionId);
    }

    @Override
    public Collection<Connection> byUser(String userId) {
        return registry.byUser(userId);
    }

    @Override
    public Collection<Connection> all() {
        return registry.all();
    }

    @Override
    public int count() {
        return registry.count();
    }

    @Override
    public boolean sendTo(String connectionId, String type, Object data) {
        Optional<Connection> here = registry.byId(connectionId);
        if (here.isPresent()) {
            return here.get().send(type, data);
        }
        if (!link.clustered()) {
            return false;
        }
        link.publish(Kind.CONNECTION, connectionId, null, frames.frame(type, data, null));
        return true;
    }

    @Override
    public int sendToUser(String userId, String type, Object data) {
        return userFrame(userId, frames.frame(type, data, null), null);
    }

    /** Sends to the other connections of the connection's user, on every node. */
    public int sendToOtherConnections(ManagedConnection connection, String type, Object data) {
        return userFrame(connection.userId(), frames.frame(type, data, null), connection.id());
    }

    @Override
    public int broadcast(String type, Object data) {
        String frame = frames.frame(type, data, null);
        int sent = deliverAll(registry.all(), frame, null);
        link.publish(Kind.BROADCAST, "", null, frame);
        return sent;
    }

    @Override
    public int sendToRoom(String room, String type, Object data, String exceptConnectionId) {
        if (!Rooms.isValidName(room)) {
            throw new IllegalArgumentException("Not a valid room name: '" + room + "'");
        }
        return roomFrame(room, frames.frame(type, data, null), exceptConnectionId);
    }

    @Override
    public Collection<Connection> inRoom(String room) {
        return rooms.local(room).stream().filter(c -> c.state() == ConnectionState.READY)
                .map(Connection.class::cast).toList();
    }

    @Override
    public int disconnectUser(String userId, int code, String reason) {
        CloseCodes.requireApplicationCode(code, reason);
        int closed = closeAll(registry.byUser(userId), code, reason);
        link.publish(Kind.DISCONNECT_USER, userId, null, code + " " + reason);
        return closed;
    }

    @Override
    public void disconnect(String connectionId, int code, String reason) {
        CloseCodes.requireApplicationCode(code, reason);
        Optional<Connection> here = registry.byId(connectionId);
        if (here.isPresent()) {
            here.get().close(code, reason);
        } else {
            link.publish(Kind.DISCONNECT_CONNECTION, connectionId, null, code + " " + reason);
        }
    }

    @Override
    public Presence presence() {
        return presence;
    }

    private int userFrame(String userId, String frame, String except) {
        if (userHistory != null) {
            history.append(userStream(userId), "all", link.message(Kind.USER, userId, except, frame), userHistory,
                    link::unpublished);
            return countExcept(registry.byUser(userId), except);
        }
        int sent = deliverAll(registry.byUser(userId), frame, except);
        link.publish(Kind.USER, userId, except, frame);
        return sent;
    }

    private int roomFrame(String room, String frame, String except) {
        Optional<HistoryStore.Limits> limits = history == null ? Optional.empty() : historyRooms.limits(room);
        if (limits.isEmpty()) {
            return plainRoomFrame(room, frame, except);
        }
        history.append(roomStream(room), ClusterMessage.roomTopic(room), link.message(Kind.ROOM, room, except, frame),
                limits.get(), link::unpublished);
        return countExcept(rooms.local(room), except);
    }

    /** How many of the connections a frame with history will reach on this node, once the history holds it. */
    private static int countExcept(Collection<? extends Connection> to, String except) {
        int n = 0;
        for (Connection c : to) {
            n += c.id().equals(except) ? 0 : 1;
        }
        return n;
    }

    /** A room frame without a position: every room's without history, and presence events. */
    private int plainRoomFrame(String room, String frame, String except) {
        int sent = deliverAll(rooms.local(room), frame, except);
        link.publish(Kind.ROOM, room, except, frame);
        return sent;
    }

    /** A message from another node, on the delivery thread. */
    private void deliver(ClusterMessage m) {
        String except = m.except().isEmpty() ? null : m.except();
        switch (m.kind()) {
            case BROADCAST -> deliverAll(registry.all(), m.body(), null);
            case USER -> deliverAll(registry.byUser(m.target()), m.body(), except);
            case ROOM -> deliverAll(rooms.local(m.target()), m.body(), except);
            case CONNECTION -> registry.byId(m.target()).ifPresent(c -> ((ManagedConnection) c).sendFrame(m.body()));
            case DISCONNECT_USER -> closeAll(registry.byUser(m.target()), code(m.body()), reason(m.body()));
            case DISCONNECT_CONNECTION -> registry.byId(m.target()).ifPresent(c -> c.close(code(m.body()), reason(m.body())));
            case REVOKE -> {
                Consumer<ClusterMessage> received = revocations;
                if (received != null) {
                    received.accept(m);
                }
            }
        }
    }

    private static int deliverAll(Collection<? extends Connection> to, String frame, String except) {
        int sent = 0;
        for (Connection c : to) {
            if (!c.id().equals(except) && ((ManagedConnection) c).sendFrame(frame)) { // false once closing
                sent++;
            }
        }
        return sent;
    }

    private static int closeAll(Collection<Connection> connections, int code, String reason) {
        connections.forEach(c -> c.close(code, reason));
        return connections.size();
    }

    private static int code(String body) {
        return Integer.parseInt(body.substring(0, body.indexOf(' ')));
    }

    private static String reason(String body) {
        return body.substring(body.indexOf(' ') + 1);
    }
}
