package dev.gatehouse.test;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.spi.FrameHandler;
import jakarta.json.JsonObject;

/** The handlers the test kit's own tests run: {@code echo} answers with its data, {@code fail} throws. */
final class SampleHandlers {
    private SampleHandlers() {
    }

    static void addTo(Gatehouse.Builder gatehouse) {
        gatehouse.handler(new Echo())
                .handler(FrameHandler.of("fail", JsonObject.class, (data, ctx) -> {
                    throw new IllegalStateException("the handler's bug");
                }));
    }

    /** {@code echo}: public with a no-argument constructor, so ServiceLoader can make it too. */
    public static final class Echo implements FrameHandler<JsonObject> {
        @Override
        public String type() {
            return "echo";
        }

        @Override
        public Class<JsonObject> payloadType() {
            return JsonObject.class;
        }

        @Override
        public void handle(JsonObject payload, dev.gatehouse.MessageContext context) {
            context.reply("echo", payload);
        }
    }
}
