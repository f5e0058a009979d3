package dev.gatehouse.internal.cluster;

import dev.gatehouse.internal.metrics.GatehouseMetrics;
import dev.gatehouse.Backplane;
import dev.gatehouse.CloseCodes;
import dev.gatehouse.ClusterStatus;
import dev.gatehouse.Connection;
import dev.gatehouse.ConnectionState;
import dev.gatehouse.Connections;
import dev.gatehouse.GatehouseConfig;
import dev.gatehouse.Presence;
import dev.gatehouse.RoomAuthorizer;
import dev.gatehouse.Rooms;
import dev.gatehouse.internal.cluster.ClusterMessage.Kind;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.lifecycle.ConnectionRegistry;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import java.util.Collection;
import java.util.Optional;

/**
 * The {@link Connections} of a node in a cluster: lookups see this node's connections; every send
 * encodes its frame once, delivers it to this node's recipients, and publishes it once through the
 * {@link ClusterLink}, whose messages from other nodes come back here to be delivered the same way.
 * Thread-safe; holds no lock (the registries' own rules apply).
 */
public final class ClusterConnections implements Connections {
    private final ConnectionRegistry registry;
    private final ProtocolFrames frames;
    private final ClusterLink link;
    private final RoomRegistry rooms;
    private final PresenceTracker presence;

    /**
     * This node's view.
     *
     * @param registry this node's connections
     * @param frames encodes frames
     * @param config the room and presence settings
     * @param nodeId this node's id
     * @param backplane the backplane, or null for a node alone
     * @param authorizer decides on joins, or null to allow every valid room
     * @param metrics where the backplane's meters go
     */
    public ClusterConnections(ConnectionRegistry registry, ProtocolFrames frames, GatehouseConfig config, String nodeId,
            Backplane backplane, RoomAuthorizer authorizer, GatehouseMetrics metrics) {
        this.registry = registry;
        this.frames = frames;
        this.link = new ClusterLink(nodeId, backplane, this::deliver, metrics);
        this.presence = new PresenceTracker(config.presenceRooms(), config.presenceEvents(), nodeId,
                backplane == null ? new LocalPresenceStore()
                        : backplane.presenceStore().orElseGet(LocalPresenceStore::new));
        this.rooms = new RoomRegistry(authorizer, config.maxRoomsPerConnection(), frames, presence, link);
        rooms.sender(this::roomFrame);
    }

    /** Starts receiving from the other nodes. */
    public void start() {
        link.start();
    }

    /** Stops: the backplane is closed. Call after the connections closed (their rooms left). */
    public void close() {
        link.close();
    }

    /** {@return what the backplane did so far} */
    public ClusterStatus status() {
        return link.status();
    }

    ClusterLink link() {
        return link;
    }

    /** The rooms of a connection; a refused join answers {@code replyTo}. */
    public Rooms rooms(ManagedConnection connection, String replyTo) {
        return new ConnectionRooms(rooms, connection, replyTo);
    }

    /** A connection closed: it leaves its rooms. */
    public void closed(ManagedConnection connection) {
        rooms.leaveAll(connection);
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
        int sent = deliverAll(registry.byUser(userId), frame, except);
        link.publish(Kind.USER, userId, except, frame);
        return sent;
    }

    private int roomFrame(String room, String frame, String except) {
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
