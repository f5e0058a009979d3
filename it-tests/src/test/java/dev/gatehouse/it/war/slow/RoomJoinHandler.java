package dev.gatehouse.it.war.slow;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.util.Map;

/** {@code room.join}: joins {@code data.room} (the authorizer decides) and answers {@code room.joined}. */
@ApplicationScoped
public class RoomJoinHandler implements FrameHandler<JsonObject> {

    @Override
    public String type() {
        return "room.join";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public void handle(JsonObject data, MessageContext ctx) {
        String room = data.getString("room");
        if (ctx.rooms().join(room).allowed()) { // a refusal is answered ROOM_FORBIDDEN by Gatehouse
            ctx.reply("room.joined", Map.of("room", room));
        }
    }
}
