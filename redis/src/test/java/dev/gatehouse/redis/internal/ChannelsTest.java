package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.SlotHash;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelsTest {

    @Test
    void classicChannelsArePrefixedTopics() {
        Channels c = new Channels("gh", 0);
        assertFalse(c.sharded());
        assertEquals("gh:all", c.channel("all"));
        assertEquals("gh:room:chat:lobby", c.channel("room:chat:lobby"));
        assertEquals("room:chat:lobby", c.topic("gh:room:chat:lobby"));
        assertEquals("all", c.topic("gh:all"));
        assertNull(c.topic("other:all"));
    }

    @Test
    void shardedChannelsCarryTheTopicsPartitionAsAHashTag() {
        Channels c = new Channels("gh", 4);
        assertTrue(c.sharded());
        String channel = c.channel("room:chat:lobby");
        int p = Math.floorMod("room:chat:lobby".hashCode(), 4);
        assertEquals("gh:{p" + p + "}:room:chat:lobby", channel);
        assertEquals("room:chat:lobby", c.topic(channel));
        assertEquals("all", c.topic(c.channel("all")));
        assertNull(c.topic("gh:room:x"));
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int q = c.partition("room:r" + i);
            assertTrue(q >= 0 && q < 4);
            used.add(q);
        }
        assertEquals(4, used.size(), "every partition used");
    }

    @Test
    void aRoomsPresenceKeysShareItsHashTag() {
        Channels c = new Channels("gh", 0);
        assertEquals("gh:presence:{chat:lobby}", c.presenceNodes("chat:lobby"));
        assertEquals("gh:presence:{chat:lobby}:node-1", c.presenceHash("chat:lobby", "node-1"));
    }

    @Test
    void aStreamsHistoryKeysShareTheStreamAsHashTagWithBracesEncoded() {
        Channels c = new Channels("gh", 0);
        assertEquals("gh:history:{room:chat:lobby}", c.historyStream("room:chat:lobby"));
        assertEquals("gh:history:{room:chat:lobby}:meta", c.historyMeta("room:chat:lobby"));
        assertEquals("gh:history:{user:a%7Bb%7D%25c}", c.historyStream("user:a{b}%c"));
        assertEquals(SlotHash.getSlot("room:x"), SlotHash.getSlot(c.historyStream("room:x")));
        for (String user : new String[] {"user:}", "user:{", "user:a}b{c", "user:{x}", "user:%7D"}) {
            int slot = SlotHash.getSlot(c.historyStream(user));
            assertEquals(slot, SlotHash.getSlot(c.historyMeta(user)), user);
            assertEquals(SlotHash.getSlot(user.replace("%", "%25").replace("{", "%7B").replace("}", "%7D")), slot, user);
        }
        assertNotEquals(c.historyStream("user:}"), c.historyStream("user:%7D"), "encoding is one-to-one");
        assertNotEquals(c.historyMeta("user:x"), c.historyStream("user:x}:meta"));
    }

    @Test
    void withShardedPubSubAStreamsHistoryKeysShareTheSlotOfTheChannelItIsPublishedTo() {
        Channels c = new Channels("gh", 8);
        for (String room : new String[] {"room:a", "room:b", "room:chat:lobby"}) {
            int slot = SlotHash.getSlot(c.channel(room));
            assertEquals(slot, SlotHash.getSlot(c.historyStream(room)), room);
            assertEquals(slot, SlotHash.getSlot(c.historyMeta(room)), room);
        }
        int all = SlotHash.getSlot(c.channel("all"));
        assertEquals(all, SlotHash.getSlot(c.historyStream("user:{odd}")));
        assertEquals(all, SlotHash.getSlot(c.historyMeta("user:{odd}")));
        assertEquals("gh:history:{p" + c.partition("all") + "}:{user:%7Bodd%7D}", c.historyStream("user:{odd}"));
    }
}
