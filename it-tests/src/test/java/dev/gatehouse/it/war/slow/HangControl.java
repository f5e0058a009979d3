package dev.gatehouse.it.war.slow;

import dev.gatehouse.MessageContext;
import dev.gatehouse.spi.FrameHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

/**
 * {@code hang.control}: {@code {"action":"readiness"}} makes the readiness check hang,
 * {@code "release"} ends every hang, {@code "status"} does nothing more; each answers
 * {@code hang.control} with how many hangs of each kind started and how often each subject's token
 * was verified. Through the WebSocket, so that the test drives every container alike (the
 * embedded one has no servlets).
 */
@ApplicationScoped
public class HangControl implements FrameHandler<JsonObject> {

    @Override
    public String type() {
        return "hang.control";
    }

    @Override
    public Class<JsonObject> payloadType() {
        return JsonObject.class;
    }

    @Override
    public void handle(JsonObject data, MessageContext ctx) {
        switch (data.getString("action")) {
            case "readiness" -> Hang.hangReadiness();
            case "release" -> Hang.release();
            default -> { }
        }
        ctx.reply("hang.control", Hang.started());
    }
}
