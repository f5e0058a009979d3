package dev.gatehouse.examples.standalone;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.examples.chat.ChatRooms;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import jakarta.json.JsonObject;

/** The demo's handlers: {@code chat.join} and {@code chat.send} (see {@link ChatRooms}) and {@code echo}. */
public final class ChatHandlers {
    private ChatHandlers() {
    }

    /**
     * Adds every demo handler.
     *
     * @param gatehouse the builder to add them to
     * @return the builder
     */
    public static Gatehouse.Builder addTo(Gatehouse.Builder gatehouse) {
        return gatehouse
                .handler(AsyncFrameHandler.of("chat.join", ChatRooms.Join.class, ChatRooms::join))
                .handler(FrameHandler.of("chat.send", ChatRooms.Send.class, ChatRooms::send))
                .handler(FrameHandler.of("echo", JsonObject.class, (data, ctx) -> ctx.reply("echo", data)));
    }
}
