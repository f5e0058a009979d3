package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
