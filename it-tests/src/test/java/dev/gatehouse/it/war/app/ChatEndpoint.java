package dev.gatehouse.it.war.app;

import dev.gatehouse.GatehouseConfigurator;
import dev.gatehouse.GatehouseEndpoint;
import jakarta.websocket.server.ServerEndpoint;

/** Gatehouse at {@code CONTEXT/chat} instead of {@code CONTEXT/ws}. */
@ServerEndpoint(value = "/chat", configurator = GatehouseConfigurator.class,
        subprotocols = {"gatehouse.v1", "jwt-auth", "bearer"})
public class ChatEndpoint extends GatehouseEndpoint {
}
