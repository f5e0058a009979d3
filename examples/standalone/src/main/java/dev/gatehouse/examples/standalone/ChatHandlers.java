package dev.gatehouse.examples.standalone;

import dev.gatehouse.MessageHandler;
import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.examples.chat.ChatRooms;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;

/** The demo's handlers: {@code chat.join}, {@code chat.send} and {@code echo}. */
public final class ChatHandlers {
    private ChatHandlers() {
    }

    /** {@code chat.join} {room}. */
    public static final class Join {
        /** The room to join. */
        public String room;
    }

    /** {@code chat.send} {room, text}. */
    public static final class Send {
        /** The room to send to. */
        public String room;
        /** The message. */
        public String text;
    }

    /** Every demo handler, sharing one room registry. */
    public static List<MessageHandler<?>> all(ChatRooms rooms) {
        return List.of(
                MessageHandler.of("chat.join", Join.class, (join, ctx) -> {
                    if (join.room == null || join.room.isBlank()) {
                        ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, "chat.join needs data.room");
                        return;
                    }
                    int members = rooms.join(join.room, ctx.connection().id());
                    ctx.reply("chat.joined", Map.of("room", join.room, "members", members));
                }),
                MessageHandler.of("chat.send", Send.class, (send, ctx) -> {
                    if (send.room == null || !rooms.isMember(send.room, ctx.connection().id())) {
                        ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, "Join the room before sending to it");
                        return;
                    }
                    rooms.broadcast(ctx.connections(), send.room, "chat.message",
                            Map.of("room", send.room, "from", ctx.connection().userId(),
                                    "text", send.text == null ? "" : send.text));
                }),
                MessageHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data)));
    }
}
