package dev.gatehouse;

import dev.gatehouse.internal.endpoint.EndpointDelegate;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;

/**
 * The Gatehouse endpoint of a WAR, at {@code CONTEXT/ws}. It holds no logic: every event goes to
 * Gatehouse's connection handling, and nothing escapes to the container.
 *
 * <p>For another path, extend it and annotate the subclass; the default is then not deployed:
 *
 * <pre>{@code
 * @ServerEndpoint(value = "/chat", configurator = GatehouseConfigurator.class)
 * public class ChatEndpoint extends GatehouseEndpoint {
 * }
 * }</pre>
 */
@ServerEndpoint(value = "/ws", configurator = GatehouseConfigurator.class,
        subprotocols = {"gatehouse.v1", "jwt-auth", "bearer"})
public class GatehouseEndpoint {
    private EndpointDelegate delegate;

    /** Called by the container. */
    public GatehouseEndpoint() {
    }

    /**
     * The WebSocket opened.
     *
     * @param session the session
     * @param config the endpoint configuration, whose configurator is Gatehouse's
     */
    @OnOpen
    public void onOpen(Session session, EndpointConfig config) {
        GatehouseConfigurator configurator = (GatehouseConfigurator) ((ServerEndpointConfig) config).getConfigurator();
        delegate = new EndpointDelegate(configurator.runtime());
        delegate.onOpen(session);
    }

    /**
     * A text frame.
     *
     * @param text the frame
     */
    @OnMessage
    public void onText(String text) {
        delegate.onText(text);
    }

    /**
     * A binary frame.
     *
     * @param data the frame
     */
    @OnMessage
    public void onBinary(ByteBuffer data) {
        delegate.onBinary();
    }

    /**
     * A pong.
     *
     * @param pong the pong
     */
    @OnMessage
    public void onPong(PongMessage pong) {
        delegate.onPong();
    }

    /**
     * The session closed.
     *
     * @param reason the close reason
     */
    @OnClose
    public void onClose(CloseReason reason) {
        if (delegate != null) {
            delegate.onClose(reason);
        }
    }

    /**
     * The container reported an error.
     *
     * @param error the error
     */
    @OnError
    public void onError(Throwable error) {
        if (delegate != null) {
            delegate.onError(error);
        }
    }
}
