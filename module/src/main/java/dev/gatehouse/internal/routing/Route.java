package dev.gatehouse.internal.routing;

import dev.gatehouse.MessageContext;
import dev.gatehouse.Requires;
import dev.gatehouse.spi.AsyncFrameHandler;
import dev.gatehouse.spi.FrameHandler;
import java.util.concurrent.CompletionStage;

/**
 * One registered handler, sync or async, seen the same way by the router.
 *
 * @param type the message type
 * @param payloadType the payload class, or null for a handler that takes none (its {@code data} is not bound)
 * @param async whether the handler returns a stage (its time limit then covers the stage)
 * @param invoker calls the handler
 * @param requires what the connection's token must hold for the handler to be called
 * @param handler names the handler in logs: its class, or {@code Class#method} for an annotated method
 */
public record Route(String type, Class<?> payloadType, boolean async, Invoker invoker, Requires requires, String handler) {

    /** Calls a handler with a bound payload. */
    @FunctionalInterface
    public interface Invoker {
        /** Calls the handler; returns null for a synchronous handler. */
        CompletionStage<?> invoke(Object payload, MessageContext context) throws Exception;
    }

    /** The route of a synchronous handler. */
    public static <T> Route of(FrameHandler<T> handler) {
        Class<T> type = handler.payloadType();
        return new Route(handler.type(), type, false, (p, c) -> {
            handler.handle(type.cast(p), c);
            return null;
        }, Requires.NOTHING, nameOf(handler));
    }

    /** The route of an asynchronous handler. */
    public static <T> Route of(AsyncFrameHandler<T> handler) {
        Class<T> type = handler.payloadType();
        return new Route(handler.type(), type, true, (p, c) -> handler.handle(type.cast(p), c), Requires.NOTHING,
                nameOf(handler));
    }

    /** {@return this route, called only for a token that meets {@code r}} */
    public Route requiring(Requires r) {
        return new Route(type, payloadType, async, invoker, r, handler);
    }

    /**
     * A handler's class (a CDI container's proxy named by the bean class it subclasses), or the
     * factory that made it from a lambda ({@code FrameHandler.of}).
     */
    private static String nameOf(Object handler) {
        Class<?> c = handler.getClass();
        if (c.isAnonymousClass() || c.isHidden()) {
            return c.getInterfaces()[0].getSimpleName() + ".of";
        }
        while (c.isSynthetic() && c.getSuperclass() != Object.class) {
            c = c.getSuperclass();
        }
        return c.getName();
    }
}
