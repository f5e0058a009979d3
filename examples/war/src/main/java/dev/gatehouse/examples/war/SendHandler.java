package dev.gatehouse.examples.war;

import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.MessageContext;
import dev.gatehouse.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** {@code chat.send} {room, text}: {@code chat.message} {room, from, text} to every member of the room. */
@ApplicationScoped
public class SendHandler implements MessageHandler<SendHandler.Send> {

    /** The frame's data. */
    public static final class Send {
        /** The room to send to. */
        public String room;
        /** The message. */
        public String text;
    }

    @Inject
    RoomDirectory rooms;

    @Override
    public String type() {
        return "chat.send";
    }

    @Override
    public Class<Send> payloadType() {
        return Send.class;
    }

    @Override
    public void handle(Send send, MessageContext ctx) {
        if (send.room == null || !rooms.isMember(send.room, ctx.connection().id())) {
            ctx.replyError(ReplyErrorCode.MALFORMED_MESSAGE, "Join the room before sending to it");
            return;
        }
        rooms.broadcast(ctx.connections(), send.room, "chat.message",
                Map.of("room", send.room, "from", ctx.connection().userId(), "text", send.text == null ? "" : send.text));
    }
}
