package dev.gatehouse.it.war.app;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Map;

/** {@code greet}: answers {@code greeting} with text from the injected {@link GreetingService}. */
@ApplicationScoped
public class GreetingHandler implements FrameHandler<JsonObject> {
    private final GreetingService service;

    /** For CDI's client proxy. */
    GreetingHandler() {
        this.service = null;
    }

    /** Injected by CDI. */
    @Inject
    public GreetingHandler(GreetingService service) {
        this.service = service;
    }

    @Override
    public String type() {
        return "greet";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public void handle(JsonObject data, MessageContext ctx) {
        ctx.reply("greeting", Map.of("text", service.greet(ctx.connection().userId())));
    }
}
