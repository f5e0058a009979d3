package dev.gatehouse.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.internal.cluster.ClusterMessage.Kind;
import org.junit.jupiter.api.Test;

/** The message between nodes: every field survives, whatever it holds; anything else is refused. */
class ClusterMessageTest {

    @Test
    void everyFieldSurvivesEncodingWhateverItHolds() {
        ClusterMessage m = new ClusterMessage(Kind.USER, "node-a~x1", 42, 1_700_000_000_123_456L, "user with\nnewline and | bars", "ws_1",
                "{\"type\":\"t\",\"data\":{\"text\":\"G1 U fake 1 2 3\\n\"}}");
        assertEquals(m, ClusterMessage.decode(m.encode()));
        ClusterMessage empty = new ClusterMessage(Kind.BROADCAST, "n~1", 1, 0, "", "", "");
        assertEquals(empty, ClusterMessage.decode(empty.encode()));
    }

    @Test
    void roomMessagesGoToTheRoomsTopicAndEverythingElseToAll() {
        assertEquals("room:chat:lobby", ClusterMessage.topic(Kind.ROOM, "chat:lobby"));
        for (Kind k : new Kind[] {Kind.BROADCAST, Kind.USER, Kind.CONNECTION, Kind.DISCONNECT_USER,
                Kind.DISCONNECT_CONNECTION}) {
            assertEquals("all", ClusterMessage.topic(k, "x"));
        }
    }

    @Test
    void textThatIsNotAMessageIsRefused() {
        for (String bad : new String[] {"", "hello", "G1 U n 1 2 3", "G1 Q n 1 0 0\n", "G1 U n 1 99 0\nshort",
                "G1 U n x 0 0\n", "G1 U n 1 -1 0\nabc"}) {
            assertThrows(IllegalArgumentException.class, () -> ClusterMessage.decode(bad), bad);
        }
    }
}
