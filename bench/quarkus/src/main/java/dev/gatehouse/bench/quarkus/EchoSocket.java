package dev.gatehouse.bench.quarkus;

import dev.gatehouse.bench.quarkus.Frames.In;
import dev.gatehouse.bench.quarkus.Frames.Out;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.TextDecodeException;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The endpoint at {@code /ws}, written as the WebSockets Next guide shows: {@code @Authenticated} on
 * the class secures the HTTP upgrade, so SmallRye JWT verifies the {@code Authorization: Bearer}
 * token before it and a missing or invalid token gets 401; {@code @OnOpen} returns the welcome with
 * the token's {@code sub}; {@code @OnTextMessage} answers {@code echo} and an {@code error} for any
 * other type.
 *
 * <p>JSON is the extension's default: the callbacks take and return records ({@link Frames}), which
 * its codec binds with Jackson, the guide's recommended way over raw {@code String} or Vert.x
 * {@code JsonObject}.
 *
 * <p>Every callback is {@code @NonBlocking}: none waits for anything, so each runs on the
 * connection's event loop. Without it a callback returning a value is taken to be blocking and
 * hopped to a worker thread and back, which a team that knows the guide would not pay for code like
 * this.
 */
@Authenticated
@WebSocket(path = "/ws")
public class EchoSocket {

    @Inject
    JsonWebToken jwt;

    @OnOpen
    @NonBlocking
    Out welcome(WebSocketConnection connection) {
        return Out.welcome(connection.id(), jwt.getSubject());
    }

    @OnTextMessage
    @NonBlocking
    Out onFrame(In frame) {
        if ("echo".equals(frame.type())) {
            return new Out("echo", frame.data(), frame.id());
        }
        return Out.error("UNKNOWN_TYPE", "No handler for type '" + frame.type() + "'", frame.id());
    }

    /** A frame that is not JSON of the envelope's shape: answered, the connection stays open. */
    @OnError
    @NonBlocking
    Out malformed(TextDecodeException e) {
        return Out.error("MALFORMED_MESSAGE", "Not a JSON envelope", null);
    }
}
