package dev.gatehouse.examples.chat;

import dev.gatehouse.MessageContext;
import dev.gatehouse.Presence;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.ReplyErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The chat both examples run, on the Gatehouse rooms API: a chat room {@code lobby} is the Gatehouse
 * room {@code chat:lobby}, so presence is tracked for every chat room with {@code
 * gatehouse.presence.rooms=chat:*}. The standalone demo and the WAR call these from their handlers.
 *
 * <ul>
 * <li>{@code chat.join} {room}: answers {@code chat.joined} {room, members} (how many connections are
 *     in the room), with {@code present} [{user_id, connection_id}] when its presence is tracked (then
 *     across every node; untracked, {@code members} counts this node's connections); a room name
 *     Gatehouse refuses is answered with {@code ROOM_FORBIDDEN}.</li>
 * <li>{@code chat.send} {room, text}: {@code chat.message} {room, from, text} to every member of the
 *     room, the sender included.</li>
 * </ul>
 */
public final class ChatRooms {
    /** The prefix of the Gatehouse rooms of chat rooms. */
    public static final String PREFIX = "chat:";

    private ChatRooms() {
    }

    /** The data of {@code chat.join}. */
    public static final class Join {
        /** The chat room to join, for example {@code lobby}. */
        public String room;
    }

    /** The data of {@code chat.send}. */
    public static final class Send {
        /** The chat room to send to. */
        public String room;
        /** The message. */
        public String text;
    }

    /**
     * The Gatehouse room of a chat room.
     *
     * @param name the chat room's name, as the client gave it
     * @return the room name, {@code chat:} + the name
     */
    public static String room(String name) {
        return PREFIX + name;
    }

    /**
     * Handles {@code chat.join}: puts the connection in the room and answers {@code chat.joined}.
     *
     * @param join the frame's data
     * @param ctx the frame's context
     * @return completes when answered (after the presence lookup when the room's presence is tracked)
     */
    public static CompletionStage<?> join(Join join, MessageContext ctx) {
        if (join.room == null || join.room.isBlank()) {
            ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, "chat.join needs data.room");
            return CompletableFuture.completedFuture(null);
        }
        String room = room(join.room);
        if (!ctx.rooms().join(room).allowed()) {
            return CompletableFuture.completedFuture(null); // Gatehouse answered ROOM_FORBIDDEN
        }
        Presence presence = ctx.connections().presence();
        if (!presence.isTracked(room)) {
            ctx.reply("chat.joined", Map.of("room", join.room, "members", ctx.connections().inRoom(room).size()));
            return CompletableFuture.completedFuture(null);
        }
        // Presence lives in Redis in a cluster: while it cannot be read, answer with this node's members.
        return presence.members(room).handle((members, unreadable) -> ctx.reply("chat.joined", unreadable == null
                ? Map.of("room", join.room, "members", members.size(), "present", present(members))
                : Map.of("room", join.room, "members", ctx.connections().inRoom(room).size())));
    }

    /**
     * Handles {@code chat.send}: sends {@code chat.message} to every member of the room, or answers
     * {@code MALFORMED_MESSAGE} when the connection is not in it.
     *
     * @param send the frame's data
     * @param ctx the frame's context
     */
    public static void send(Send send, MessageContext ctx) {
        if (send.room == null || !ctx.rooms().names().contains(room(send.room))) {
            ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, "Join the room before sending to it");
            return;
        }
        ctx.connections().sendToRoom(room(send.room), "chat.message", Map.of("room", send.room,
                "from", ctx.connection().userId(), "text", send.text == null ? "" : send.text));
    }

    /** The members as the presence events name them. */
    private static List<Map<String, String>> present(List<PresenceMember> members) {
        return members.stream()
                .map(m -> Map.of("user_id", m.userId(), "connection_id", m.connectionId()))
                .toList();
    }
}
