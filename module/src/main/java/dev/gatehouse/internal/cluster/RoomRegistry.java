package dev.gatehouse.internal.cluster;

import dev.gatehouse.ConnectionState;
import dev.gatehouse.ErrorCode;
import dev.gatehouse.JoinDecision;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.Rooms;
import dev.gatehouse.internal.codec.ProtocolFrames;
import dev.gatehouse.internal.lifecycle.ManagedConnection;
import dev.gatehouse.spi.HistoryStore;
import dev.gatehouse.spi.RoomAuthorizer;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's room membership: the members of each room and the rooms of each connection. A join
 * asks the application's authorizer first, then records the membership; the first local member of a
 * room subscribes this node to the room's messages, the last one leaving unsubscribes it; tracked
 * rooms tell the presence store and, with events on, the other members.
 *
 * <p>Locking rule: the maps' per-key locks guard the membership sets and nothing else runs under
 * them but queue offers: a connection's presence event is handed to the cluster's control thread,
 * and its membership to the history's thread ({@link Follower}), under its key lock in
 * {@code roomsOf}, so that its events for a room leave in the order of its membership changes
 * ({@code member_joined} before {@code member_left}, always) and the history follows it in that
 * order too. The
 * authorizer, the frames sent, the presence store and the backplane are called after. A join
 * racing the connection's close, or a leave of the same room, is undone by the join itself: the
 * close sets CLOSED before it takes the connection out of every room, and the join, after it
 * added the connection and told the presence store, checks under the key lock that it is neither
 * CLOSED nor out of the room again before it announces it; else it takes it out of the members and
 * the presence store once more, unannounced.
 */
final class RoomRegistry {
    private static final Logger LOG = System.getLogger("dev.gatehouse.rooms");

    private final ConcurrentHashMap<String, Set<ManagedConnection>> members = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> roomsOf = new ConcurrentHashMap<>();
    private final RoomAuthorizer authorizer;
    private final int maxPerConnection;
    private final ProtocolFrames frames;
    private final PresenceTracker presence;
    private final ClusterLink link;
    /** Sends an encoded frame to a room's members on every node, except one connection. */
    private RoomSender sender;
    /** Told of each membership change, under the connection's key lock; null without history. */
    private final Follower follower;

    /**
     * Follows memberships in the order they change: {@code joined} and {@code left} only queue, as
     * they are called under a key lock; {@code position} is called before, outside any lock.
     */
    interface Follower {
        /** The room's position before a join returns (it may wait for the store), or null without history. */
        HistoryStore.Slice position(String room);

        void joined(ManagedConnection c, String room, HistoryStore.Slice start);

        void left(ManagedConnection c, String room);
    }

    /** Sends an encoded frame to a room. */
    interface RoomSender {
        void send(String room, String frame, String exceptConnectionId);
    }

    RoomRegistry(RoomAuthorizer authorizer, int maxPerConnection, ProtocolFrames frames, PresenceTracker presence,
            ClusterLink link, Follower follower) {
        this.follower = follower;
        this.authorizer = authorizer;
        this.maxPerConnection = maxPerConnection;
        this.frames = frames;
        this.presence = presence;
        this.link = link;
    }

    void sender(RoomSender roomSender) {
        this.sender = roomSender;
    }

    /** A join, answered to the client with {@code ROOM_FORBIDDEN} (replying to {@code replyTo}) when refused. */
    JoinDecision join(ManagedConnection c, String room, String replyTo) {
        JoinDecision decision = decide(c, room);
        if (!decision.allowed()) {
            if (!closing(c)) {
                c.sendFrame(frames.error(ErrorCode.ROOM_FORBIDDEN, decision.reason(), replyTo));
            }
            return decision;
        }
        return add(c, room, replyTo);
    }

    private JoinDecision decide(ManagedConnection c, String room) {
        if (!Rooms.isValidName(room)) {
            return JoinDecision.refuse("Not a valid room name: 1 to 128 of [A-Za-z0-9_.:@=+-]");
        }
        if (closing(c)) {
            return JoinDecision.refuse("The connection is closing");
        }
        if (authorizer == null || isMember(c, room)) {
            return JoinDecision.allow();
        }
        try {
            JoinDecision d = authorizer.authorize(c, room);
            return d != null ? d : JoinDecision.refuse("Joining this room is not allowed");
        } catch (Throwable e) { // an application bug refuses the join, it never breaks the handler calling it
            LOG.log(Level.WARNING, "[" + c.id() + "] the room authorizer " + authorizer.getClass().getName()
                    + " threw for room " + room + "; the join is refused", e);
            return JoinDecision.refuse("Joining this room failed");
        }
    }

    private JoinDecision add(ManagedConnection c, String room, String replyTo) {
        boolean[] outcome = new boolean[2]; // [0] added now, [1] over the limit
        roomsOf.compute(c.id(), (id, set) -> {
            Set<String> s = set != null ? set : ConcurrentHashMap.newKeySet(4);
            if (!s.contains(room)) {
                if (s.size() >= maxPerConnection) {
                    outcome[1] = true;
                } else {
                    s.add(room);
                    outcome[0] = true;
                }
            }
            return s.isEmpty() ? null : s;
        });
        if (outcome[1]) {
            JoinDecision refused = JoinDecision.refuse("The connection is in its maximum of " + maxPerConnection + " rooms");
            c.sendFrame(frames.error(ErrorCode.ROOM_FORBIDDEN, refused.reason(), replyTo));
            return refused;
        }
        if (!outcome[0]) {
            return JoinDecision.allow(); // a member already
        }
        if (addMember(room, c)) { // the first local member: the others hear of her once this node subscribed
            link.interest(room, () -> members.containsKey(room));
        }
        boolean tracked = presence.isTracked(room);
        if (tracked) {
            presence.add(room, member(c));
        }
        HistoryStore.Slice start = follower == null ? null : follower.position(room);
        Still still = confirm(c, room, start);
        if (still != Still.IN) { // closed or left meanwhile: what the close or the leave missed is undone here
            removeMembership(c, room);
            if (tracked) {
                presence.remove(room, member(c));
            }
            return still == Still.CLOSED ? JoinDecision.refuse("The connection is closing") : JoinDecision.allow();
        }
        return JoinDecision.allow();
    }

    /** What a join finds when it looks again, once it has added the connection. */
    private enum Still { IN, LEFT, CLOSED }

    /**
     * Whether the connection is still in the room, neither closed nor taken out of it since it was
     * added; if so, its {@code member_joined} is announced, under its key lock.
     */
    private Still confirm(ManagedConnection c, String room, HistoryStore.Slice start) {
        Still[] still = {Still.LEFT};
        List<Runnable> later = new ArrayList<>(1);
        roomsOf.computeIfPresent(c.id(), (id, set) -> {
            if (set.contains(room) && c.state() != ConnectionState.CLOSED) {
                still[0] = Still.IN;
                if (follower != null) {
                    follower.joined(c, room, start);
                }
                announce(c, room, "member_joined", later);
            }
            return set;
        });
        later.forEach(Runnable::run);
        return still[0] == Still.LEFT && c.state() == ConnectionState.CLOSED ? Still.CLOSED : still[0];
    }

    /** Takes a connection out of a room; false when it was not in it. */
    boolean leave(ManagedConnection c, String room) {
        boolean[] removed = new boolean[1];
        List<Runnable> later = new ArrayList<>(1);
        roomsOf.computeIfPresent(c.id(), (id, set) -> {
            removed[0] = set.remove(room);
            if (removed[0]) {
                unfollow(c, room);
                announce(c, room, "member_left", later);
            }
            return set.isEmpty() ? null : set;
        });
        if (!removed[0]) {
            return false;
        }
        left(c, room);
        later.forEach(Runnable::run);
        return true;
    }

    /** Takes a closed connection out of every room. */
    void leaveAll(ManagedConnection c) {
        List<String> rooms = new ArrayList<>();
        List<Runnable> later = new ArrayList<>();
        roomsOf.computeIfPresent(c.id(), (id, set) -> {
            for (String room : set) {
                rooms.add(room);
                unfollow(c, room);
                announce(c, room, "member_left", later);
            }
            return null;
        });
        rooms.forEach(room -> left(c, room));
        later.forEach(Runnable::run);
    }

    /** Under the connection's key lock: the history stops following it (a join it never confirmed is a no-op there). */
    private void unfollow(ManagedConnection c, String room) {
        if (follower != null) {
            follower.left(c, room);
        }
    }

    private void left(ManagedConnection c, String room) {
        dropMember(c, room);
        if (presence.isTracked(room)) {
            presence.remove(room, member(c));
        }
    }

    /**
     * Announces a member's join or leave to the room's other members, on every node, when the room
     * is tracked and events are on. Called under the connection's key lock, right where its
     * membership changes, so it only queues the event on the cluster's control thread, whose order
     * is the order of the changes; once the link is closing it adds the event to {@code later},
     * which the caller sends after the lock.
     */
    private void announce(ManagedConnection c, String room, String event, List<Runnable> later) {
        if (!presence.events() || !presence.isTracked(room)) {
            return;
        }
        Runnable send = () -> sender.send(room, frames.memberEvent(event, room, c.userId(), c.id()), c.id());
        if (!link.queue(send)) {
            later.add(send);
        }
    }

    private void removeMembership(ManagedConnection c, String room) {
        roomsOf.computeIfPresent(c.id(), (id, set) -> {
            set.remove(room);
            return set.isEmpty() ? null : set;
        });
        dropMember(c, room);
    }

    /** Takes the connection out of the room's members; the last one leaving unsubscribes this node. */
    private void dropMember(ManagedConnection c, String room) {
        if (removeMember(room, c)) {
            link.interest(room, () -> members.containsKey(room));
        }
    }

    /** Adds under the room's key lock; true when the room had no local member before. */
    private boolean addMember(String room, ManagedConnection c) {
        boolean[] first = new boolean[1];
        members.compute(room, (r, set) -> {
            Set<ManagedConnection> s = set;
            if (s == null) {
                s = ConcurrentHashMap.newKeySet(4);
                first[0] = true;
            }
            s.add(c);
            return s;
        });
        return first[0];
    }

    /** Removes under the room's key lock; true when that was the last local member. */
    private boolean removeMember(String room, ManagedConnection c) {
        boolean[] last = new boolean[1];
        members.computeIfPresent(room, (r, set) -> {
            set.remove(c);
            last[0] = set.isEmpty();
            return last[0] ? null : set;
        });
        return last[0];
    }

    private PresenceMember member(ManagedConnection c) {
        return new PresenceMember(c.userId(), c.id(), presence.nodeId());
    }

    boolean isMember(ManagedConnection c, String room) {
        Set<String> rooms = roomsOf.get(c.id());
        return rooms != null && rooms.contains(room);
    }

    Set<String> roomsOf(ManagedConnection c) {
        Set<String> rooms = roomsOf.get(c.id());
        return rooms == null ? Set.of() : Set.copyOf(rooms);
    }

    /** This node's members of a room (a live view; may change while iterated). */
    Collection<ManagedConnection> local(String room) {
        Set<ManagedConnection> set = members.get(room);
        return set == null ? List.of() : set;
    }

    private static boolean closing(ManagedConnection c) {
        ConnectionState s = c.state();
        return s == ConnectionState.CLOSING || s == ConnectionState.CLOSED;
    }
}
