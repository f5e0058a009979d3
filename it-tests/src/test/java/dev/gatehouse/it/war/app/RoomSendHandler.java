package dev.gatehouse.it.war.app;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/**
 * {@code room.send}: sends its data to {@code data.room} as {@code room.msg}.
 */
@ApplicationScoped
public class RoomSendHandler implements FrameHandler<JsonObject> {

    @Override
    public String type() {
        return "room.send";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public void handle(JsonObject data, MessageContext ctx) {
        ctx.connections().sendToRoom(data.getString("room"), "room.msg", data);
    }
}
