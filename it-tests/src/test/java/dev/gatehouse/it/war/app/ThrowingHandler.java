package dev.gatehouse.it.war.app;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/** {@code explode}: a handler with a bug. */
@ApplicationScoped
public class ThrowingHandler implements FrameHandler<JsonObject> {

    @Override
    public String type() {
        return "explode";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public void handle(JsonObject data, MessageContext ctx) {
        throw new IllegalStateException("handler bug: secret-detail-that-must-not-leak");
    }
}
