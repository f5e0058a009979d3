package dev.gatehouse.it.war.slow;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.AsyncFrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.util.concurrent.CompletionStage;

/** {@code hang.async}: an asynchronous handler whose stage does not complete until the release. */
@ApplicationScoped
public class NeverCompletingHandler implements AsyncFrameHandler<JsonObject> {

    @Override
    public String type() {
        return "hang.async";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public CompletionStage<?> handle(JsonObject data, MessageContext ctx) {
        return Hang.never("async");
    }
}
