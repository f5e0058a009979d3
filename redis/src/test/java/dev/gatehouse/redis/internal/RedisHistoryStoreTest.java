package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.spi.Backplane;
import dev.gatehouse.spi.HistoryStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a message from a channel reaches the receiver: positioned or plain. */
class RedisHistoryStoreTest {

    /** Records both kinds of delivery, as {@code plain|topic|message} and {@code P|topic|epoch|offset|message}. */
    private static final class Recorder implements Backplane.Receiver {
        final List<String> got = new ArrayList<>();

        @Override
        public void receive(String topic, String message) {
            got.add("plain|" + topic + "|" + message);
        }

        @Override
        public void receive(String topic, HistoryStore.Position position, String message) {
            got.add("P|" + topic + "|" + position.epoch() + "|" + position.offset() + "|" + message);
        }
    }

    private static String deliver(String text) {
        Recorder r = new Recorder();
        RedisHistoryStore.deliver(r, "room:a", text);
        assertEquals(1, r.got.size());
        return r.got.get(0);
    }

    @Test
    void aPositionedPublicationArrivesWithItsEpochAndOffsetAndTheRestUnchanged() {
        assertEquals("P|room:a|k3j9x2abcd|57|G1 R o 1 6 0\nroom:a{}", deliver("P k3j9x2abcd 57\nG1 R o 1 6 0\nroom:a{}"));
        assertEquals("P|room:a|e|1|", deliver("P e 1\n"));
        assertEquals("P|room:a|e|999999999999999999|x", deliver("P e 999999999999999999\nx"));
    }

    @Test
    void anythingElseArrivesWholeAsAPlainMessageMalformedPositionsIncluded() {
        for (String text : new String[] {"G1 R o 1 6 0\nroom:a{}", "", "P", "P ", "P e 5", "P  5\nx", "P e \nx",
                "P e 0\nx", "P e -1\nx", "P e 1x\nx", "P e 1 2\nx", "P e\n5 x", "P e 1234567890123456789\nx",
                "p e 1\nx"}) {
            assertEquals("plain|room:a|" + text, deliver(text), text);
        }
    }

    @Test
    void freshEpochsAreTenBase36CharactersAndDiffer() {
        String a = RedisHistoryStore.newEpoch();
        assertTrue(a.matches("[0-9a-z]{10}"), a);
        assertNotEquals(a, RedisHistoryStore.newEpoch());
    }
}
