package dev.gatehouse.examples.chat;

import dev.gatehouse.Handles;
import dev.gatehouse.MessageContext;
import dev.gatehouse.Presence;
import dev.gatehouse.PresenceMember;
import dev.gatehouse.ReplyErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The example chat, one bean: in the WAR a CDI bean (this jar is a bean archive, found in
 * WEB-INF/lib), standalone {@code Gatehouse.builder().handlers(new Chat())}. A chat room {@code
 * lobby} is the Gatehouse room {@code chat:lobby}, so {@code gatehouse.presence.rooms=chat:*} tracks
 * who is in every chat room.
 *
 * <ul>
 * <li>{@code chat.join} {room}: joins the room and answers {@code chat.joined} {room, members, present}
 *     with presence tracked (every node's members, present [{user_id, connection_id}]); untracked, or
 *     while a cluster's presence cannot be read, {members} counts this node's. A room name Gatehouse
 *     refuses is answered {@code ROOM_FORBIDDEN} by Gatehouse.</li>
 * <li>{@code chat.send} {room, text}: {@code chat.message} {room, from, text} to the room's members,
 *     the sender included.</li>
 * </ul>
 *
 * <p><b>This chat's own rules, not Gatehouse's</b> (Gatehouse would deliver to any room the sender
 * names): a sender not in the room is answered {@code MALFORMED_MESSAGE} with this chat's message
 * {@value #NOT_JOINED}; a user a moderator muted ({@link Mutes}) gets this chat's own frame {@code
 * chat.refused} {room, reason: "muted"}.
 */
@ApplicationScoped
public class Chat {
    /** The prefix of the Gatehouse rooms of chat rooms. */
    public static final String ROOMS = "chat:";
    /** This chat's answer (with {@code MALFORMED_MESSAGE}) to a send to a room the sender is not in. */
    public static final String NOT_JOINED = "Join the room before sending to it";

    private final Mutes mutes;

    /** {@code chat.join}'s data. */
    public record Join(String room) { }

    /** {@code chat.joined}'s data; {@code present} is null (left out) when presence is not tracked. */
    public record Joined(String room, int members, List<Member> present) { }

    /** A member of a room, named as the presence events name them. */
    public record Member(@JsonbProperty("user_id") String userId, @JsonbProperty("connection_id") String connectionId) {
        static Member of(PresenceMember m) {
            return new Member(m.userId(), m.connectionId());
        }
    }

    /** {@code chat.send}'s data. */
    public record Send(String room, String text) { }

    /** {@code chat.message}'s data. */
    public record Message(String room, String from, String text) { }

    /** {@code chat.refused}'s data: this chat's answer to a muted sender. */
    public record Refused(String room, String reason) { }

    /** Standalone: a chat with mutes of its own. */
    public Chat() {
        this(new Mutes());
    }

    /** In a WAR, CDI injects the application's {@link Mutes}, which moderators set. */
    @Inject
    public Chat(Mutes mutes) {
        this.mutes = mutes;
    }

    @Handles(value = "chat.join", reply = "chat.joined")
    public CompletionStage<Joined> join(Join join, MessageContext ctx) {
        String room = ROOMS + join.room();
        if (join.room() == null || join.room().isBlank()) {
            ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, "chat.join needs data.room");
        } else if (ctx.rooms().join(room).allowed()) { // else Gatehouse answered ROOM_FORBIDDEN
            Joined here = new Joined(join.room(), ctx.connections().inRoom(room).size(), null);
            Presence presence = ctx.connections().presence();
            // In a cluster presence lives in Redis: while it cannot be read, answer with this node's count.
            return !presence.isTracked(room) ? CompletableFuture.completedFuture(here)
                    : presence.members(room).handle((members, unreadable) -> unreadable != null ? here
                            : new Joined(join.room(), members.size(), members.stream().map(Member::of).toList()));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Handles("chat.send")
    public void send(Send send, MessageContext ctx) {
        String from = ctx.connection().userId();
        if (send.room() == null || !ctx.rooms().names().contains(ROOMS + send.room())) {
            ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, NOT_JOINED); // this chat's rule (see above)
        } else if (mutes.isMuted(from)) {
            ctx.reply("chat.refused", new Refused(send.room(), "muted")); // this chat's own frame
        } else {
            ctx.connections().sendToRoom(ROOMS + send.room(), "chat.message",
                    new Message(send.room(), from, Objects.requireNonNullElse(send.text(), "")));
        }
    }
}
