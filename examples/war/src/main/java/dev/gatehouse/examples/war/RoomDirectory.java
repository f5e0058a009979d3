package dev.gatehouse.examples.war;

import dev.gatehouse.examples.chat.ChatRooms;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application service the chat handlers inject: the shared {@link ChatRooms} as a CDI bean.
 * Being a {@code LifecycleListener} bean too, Gatehouse tells it when a connection closes.
 */
@ApplicationScoped
public class RoomDirectory extends ChatRooms {
}
