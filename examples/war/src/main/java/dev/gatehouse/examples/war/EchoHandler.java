package dev.gatehouse.examples.war;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/**
 * {@code echo}: answers {@code echo} with the same data. Written against the interface underneath
 * {@code @Handles} methods, {@link FrameHandler} (the SPI: one class per type, the payload class
 * named, the answer sent through the context), which a CDI bean may still implement.
 */
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
