package dev.gatehouse.it.war.app;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/** {@code chat.send}: sends its data to every connection as {@code chat.message}. */
@ApplicationScoped
public class BroadcastHandler implements FrameHandler<JsonObject> {

    @Override
    public String type() {
        return "chat.send";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public void handle(JsonObject data, MessageContext ctx) {
        ctx.connections().broadcast("chat.message", data);
    }
}
