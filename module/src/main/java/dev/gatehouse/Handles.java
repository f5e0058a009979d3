package dev.gatehouse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a handler bean as the handler of one message type, as {@code @POST} marks
 * a JAX-RS resource method. In a WAR every CDI bean with such methods is found; standalone, give the
 * object to {@link Gatehouse.Builder#handlers}.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Chat {
 *     public record Send(String room, String text) { }
 *
 *     @Handles("chat.send")
 *     public void send(Send send, MessageContext ctx) {
 *         ctx.connections().sendToRoom("chat:" + send.room(), "chat.message", send);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Parameters</b>, in any order: at most one payload, the frame's {@code data} bound with JSON-B
 * (a record, a class, a {@code Map}, or {@code jakarta.json.JsonObject} as is; a frame without
 * {@code data} is answered {@code MALFORMED_MESSAGE}); and any of {@link MessageContext},
 * {@link Connection}, {@link Rooms} (the connection's rooms) and {@link Connections} (everyone's).
 * A method without a payload parameter takes frames with or without {@code data}.
 *
 * <p><b>Return value</b>: the reply, sent to the frame's connection with {@code reply_to} set to the
 * frame's {@code id} and the type {@link #reply()} (by default the frame's own type, PROTOCOL.md
 * §2): any JSON-B object type (a record, a class, a {@code Map}, a {@code JsonObject}); {@code null}
 * or {@code void} sends none. A {@code CompletionStage} of one replies when it completes; until then
 * the connection's next frame waits, within {@code gatehouse.handler.timeout}. A synchronous method
 * runs on Gatehouse's handler pool (it may block); one returning a stage should not.
 *
 * <p><b>Failures</b>: an exception thrown (or a stage failed) is answered {@code HANDLER_ERROR}; at
 * the time limit, {@code HANDLER_TIMEOUT}; the connection stays open either way.
 *
 * <p><b>Authorization</b>: {@code jakarta.annotation.security.RolesAllowed} on the method, else on
 * the class, means what it means on a resource method: the token's {@code groups} claim must hold one
 * of the roles, or the frame is answered {@code FORBIDDEN} without a call; {@code @PermitAll} on the
 * method lifts the class's rule. {@link #scopes()} adds OAuth scopes.
 *
 * <p>Every mistake (two methods for one type, a parameter that cannot be bound, a return type that
 * cannot be written, a method that is not public) fails at startup with a
 * {@link ConfigurationException} naming the class and method, never at the first frame.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Handles {
    /** {@return the message type the method handles, for example {@code chat.send}} */
    String value();

    /** {@return the type of the reply the return value is sent as; empty for the frame's own type} */
    String reply() default "";

    /** {@return OAuth scopes the connection's token must all hold ({@code scope} claim)} */
    String[] scopes() default {};
}
