package dev.gatehouse.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.internal.cluster.ClusterMessage.Kind;
import org.junit.jupiter.api.Test;

/**
 * The message between nodes: every field survives, whatever it holds; a message is accepted only
 * with a valid signature of the secret or the accepted one; anything else is refused.
 */
class ClusterMessageTest {
    private static final String OLD = "the secret the cluster had before, 32+ bytes";
    private static final String NEW = "the secret the cluster signs with now, 32+ bytes";
    private static final MessageSigner SIGNER = MessageSigner.signing(NEW, null);
    private static final ClusterMessage MESSAGE = new ClusterMessage(Kind.USER, "node-a~x1", 42, 1_700_000_000_123_456L,
            "user with\nnewline and | bars", "ws_1", "{\"type\":\"t\",\"data\":{\"text\":\"G2 - U fake 1 2 3 4\\n\"}}");

    @Test
    void everyFieldSurvivesEncodingWhateverItHolds() {
        assertEquals(MESSAGE, ClusterMessage.decode(MESSAGE.encode(SIGNER), SIGNER));
        ClusterMessage empty = new ClusterMessage(Kind.BROADCAST, "n~1", 1, 0, "", "", "");
        assertEquals(empty, ClusterMessage.decode(empty.encode(SIGNER), SIGNER));
        assertEquals(empty, ClusterMessage.decode(empty.encode(MessageSigner.UNSIGNED), MessageSigner.UNSIGNED));
    }

    @Test
    void aMessageSignedWithTheAcceptedSecretIsAcceptedAndOneWithAnotherSecretIsNot() {
        MessageSigner rotating = MessageSigner.signing(NEW, OLD);
        assertEquals(MESSAGE, ClusterMessage.decode(MESSAGE.encode(MessageSigner.signing(OLD, null)), rotating));
        assertEquals(MESSAGE, ClusterMessage.decode(MESSAGE.encode(SIGNER), rotating));
        String unknown = MESSAGE.encode(MessageSigner.signing("somebody else's secret of 32+ bytes", null));
        assertThrows(ClusterMessage.BadSignature.class, () -> ClusterMessage.decode(unknown, rotating));
    }

    @Test
    void anUnsignedOrChangedMessageHasABadSignature() {
        String signed = MESSAGE.encode(SIGNER);
        String[] forged = {
            MESSAGE.encode(MessageSigner.UNSIGNED),
            signed.replace("ws_1", "ws_2"), // another exception
            signed.replace("node-a~x1 42", "node-a~x1 43"), // another sequence number
            signed.substring(0, signed.length() - 1) + "]", // another body
            "G1 U n 1 0 0 0\n{}", // the unsigned format of earlier versions
            "G2 !!! U n 1 0 0 0\n{}"};
        for (String f : forged) {
            assertThrows(ClusterMessage.BadSignature.class, () -> ClusterMessage.decode(f, SIGNER), f);
        }
    }

    @Test
    void noSecretAppearsInTheSignersText() {
        assertFalse(MessageSigner.signing(NEW, OLD).toString().contains("32+"));
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
        for (String bad : new String[] {"", "hello", "G2 - U n 1 2 3", "G2 - Q n 1 0 0 0\n", "G2 - U n 1 99 0 0\nshort",
                "G2 - U n x 0 0 0\n", "G2 - U n 1 -1 0 0\nabc", "G2 -"}) {
            assertThrows(IllegalArgumentException.class, () -> ClusterMessage.decode(bad, MessageSigner.UNSIGNED), bad);
        }
    }
}
