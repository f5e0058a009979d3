package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gatehouse.client.harness.ConnectedClient;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code members(room)} against the real server ({@code room_members}, PROTOCOL §4; presence tracked
 * for {@code chat:*}): one entry per connection on the server, a room the connection is not in refused.
 */
class RoomMembersIT extends ConnectedClient {

    @Test
    void membersListsEveryConnectionInTheRoom() {
        GatehouseClient bob = GatehouseClient.builder(server.uri()).token(Tokens.valid("bob")).build();
        GatehouseClient bobAgain = GatehouseClient.builder(server.uri()).token(Tokens.valid("bob")).build();
        try {
            Waits.await(bob.connect());
            Waits.await(bobAgain.connect());
            Waits.await(bob.joinRoom("lobby"));
            Waits.await(bobAgain.joinRoom("lobby"));
            Waits.await(client.joinRoom("lobby"));

            List<RoomMember> members = Waits.await(client.members("chat:lobby"));
            assertEquals(Set.of(member("alice", client), member("bob", bob), member("bob", bobAgain)),
                    new HashSet<>(members));
            assertEquals(3, members.size(), "one entry per connection: " + members);

            // Answered in the connection's turn: asked before the join is answered, it follows the join.
            var joined = client.joinRoom("kitchen");
            assertEquals(List.of(member("alice", client)), Waits.await(client.members("chat:kitchen")));
            Waits.await(joined);
        } finally {
            Waits.await(bob.close());
            Waits.await(bobAgain.close());
        }
    }

    @Test
    void aRoomTheConnectionIsNotInIsRoomForbidden() {
        ErrorReplyException e = assertInstanceOf(ErrorReplyException.class,
                Waits.failure(client.members("chat:elsewhere")));
        assertEquals(Protocol.ROOM_FORBIDDEN, e.reply().errorCode());
        assertFalse(e.reply().retryable());
        assertEquals(GatehouseClient.State.READY, client.state());
    }

    private static RoomMember member(String user, GatehouseClient of) {
        return new RoomMember(user, of.welcome().orElseThrow().connectionId());
    }
}
