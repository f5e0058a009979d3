package dev.gatehouse.examples.testing;

import dev.gatehouse.Connections;
import dev.gatehouse.Handles;
import dev.gatehouse.MessageContext;
import dev.gatehouse.PresenceCount;
import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.Rooms;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;

@Dependent
public class Chat {
    public record Room(String room) { }
    public record Send(String room, String text) { }
    public record Message(String room, String from, String text) { }
    public record User(String user) { }

    private final Mutes mutes;

    @Inject
    public Chat(Mutes mutes) {
        this.mutes = mutes;
    }

    @Handles(value = "chat.join", reply = "chat.joined")
    public Room join(Room join, Rooms rooms) {
        return rooms.join("chat:" + join.room()).allowed() ? join : null;   // refused: the client got ROOM_FORBIDDEN
    }

    @Handles("chat.send")
    public void send(Send send, MessageContext ctx) {
        String from = ctx.connection().userId();
        if (!ctx.rooms().names().contains("chat:" + send.room()) || mutes.isMuted(from)) {
            ctx.replyError(ReplyErrorCode.FORBIDDEN, "Not in " + send.room() + ", or muted");
            return;
        }
        ctx.connections().sendToRoom("chat:" + send.room(), "chat.message", new Message(send.room(), from, send.text()));
    }

    @Handles("chat.count")
    public CompletionStage<PresenceCount> count(Room room, Connections everyone) {
        return everyone.presence().count("chat:" + room.room());   // replies when the count arrives
    }

    @RolesAllowed("moderator")
    @Handles("chat.mute")
    public User mute(User user) {
        mutes.mute(user.user());
        return user;
    }
}
