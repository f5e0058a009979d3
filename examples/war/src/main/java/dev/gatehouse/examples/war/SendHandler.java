package dev.gatehouse.examples.war;

import dev.gatehouse.MessageContext;
import dev.gatehouse.examples.chat.ChatRooms;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code chat.send} {room, text}: {@code chat.message} {room, from, text} to every member of the room
 * (see {@link ChatRooms#send}).
 */
@ApplicationScoped
public class SendHandler implements FrameHandler<ChatRooms.Send> {

    @Override
    public String type() {
        return "chat.send";
    }

    @Override
    public Class<ChatRooms.Send> payloadType() {
        return ChatRooms.Send.class;
    }

    @Override
    public void handle(ChatRooms.Send send, MessageContext ctx) {
        ChatRooms.send(send, ctx);
    }
}
