package dev.gatehouse.examples.war;

import dev.gatehouse.MessageContext;
import dev.gatehouse.examples.chat.ChatRooms;
import dev.gatehouse.spi.AsyncFrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;

/**
 * {@code chat.join} {room}: puts the connection in the Gatehouse room {@code chat:<room>} and answers
 * {@code chat.joined} {room, members, present} (see {@link ChatRooms#join}).
 */
@ApplicationScoped
public class JoinHandler implements AsyncFrameHandler<ChatRooms.Join> {

    @Override
    public String type() {
        return "chat.join";
    }

    @Override
    public Class<ChatRooms.Join> payloadType() {
        return ChatRooms.Join.class;
    }

    @Override
    public CompletionStage<?> handle(ChatRooms.Join join, MessageContext ctx) {
        return ChatRooms.join(join, ctx);
    }
}
