package dev.gatehouse.it.war.app;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.util.Map;

/** {@code admin.ping}, for group {@code admin} only: answers {@code admin.pong} with the tenant the upgrade check kept. */
@ApplicationScoped
@RolesAllowed("admin")
public class AdminHandler implements FrameHandler<JsonObject> {
    @Override
    public String type() {
        return "admin.ping";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public void handle(JsonObject data, MessageContext ctx) {
        ctx.reply("admin.pong", Map.of("tenant", String.valueOf(ctx.connection().attributes().get("tenant"))));
    }
}
