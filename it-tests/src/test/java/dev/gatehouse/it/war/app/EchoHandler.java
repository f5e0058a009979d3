package dev.gatehouse.it.war.app;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/** {@code echo}: answers {@code echo} with the same data. */
@ApplicationScoped
public class EchoHandler implements FrameHandler<JsonObject> {

    @Override
    public String type() {
        return "echo";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public void handle(JsonObject data, MessageContext ctx) {
        ctx.reply("echo", data);
    }
}
