package dev.gatehouse.examples.war;

import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.MessageContext;
import dev.gatehouse.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** {@code chat.join} {room}: answers {@code chat.joined} {room, members}. */
@ApplicationScoped
public class JoinHandler implements MessageHandler<JoinHandler.Join> {

    /** The frame's data. */
    public static final class Join {
        /** The room to join. */
        public String room;
    }

    @Inject
    RoomDirectory rooms;

    @Override
    public String type() {
        return "chat.join";
    }

    @Override
    public Class<Join> payloadType() {
        return Join.class;
    }

    @Override
    public void handle(Join join, MessageContext ctx) {
        if (join.room == null || join.room.isBlank()) {
            ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, "chat.join needs data.room");
            return;
        }
        int members = rooms.join(join.room, ctx.connection().id());
        ctx.reply("chat.joined", Map.of("room", join.room, "members", members));
    }
}
