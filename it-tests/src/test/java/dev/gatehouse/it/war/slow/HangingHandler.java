package dev.gatehouse.it.war.slow;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/** {@code hang}: a handler that never returns in time and ignores the interrupt at its limit. */
@ApplicationScoped
public class HangingHandler implements FrameHandler<JsonObject> {

    @Override
    public String type() {
        return "hang";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public void handle(JsonObject data, MessageContext ctx) {
        Hang.await("handler");
        ctx.reply("hang", data); // late: dropped
    }
}
